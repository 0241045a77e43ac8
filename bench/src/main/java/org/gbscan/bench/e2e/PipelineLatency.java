package org.gbscan.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.gbscan.app.Service;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.LogTags;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.core.dicom.net.StoreAssociation;
import org.gbscan.core.dicom.net.StoreScu;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.trainer.phantom.PhantomModels;

/**
 * End-to-end latency of single-frame studies, for each PACS named (DCMTK storescp, Orthanc): a modality
 * (this JVM's C-STORE SCU, one association per study, as a modality sends) stores a study in gbscan; the
 * latency runs from the C-STORE response to its last instance (t0, before the release) until gbscan's SR is
 * in the PACS (t1: the SR file in storescp's folder, or the SR series on Orthanc's change feed, polled every
 * 5 ms). It includes the listener's settle time (50 ms here, {@code -Dgbscan.bench.settle}; 5 s in service).
 * The first ten studies warm the service up (JIT, first database writes); of the rest, a steady-rate half gives
 * p50/p90/p99 and where the time went (from the service's log lines), a burst half (all at once) sustained studies/s. Last, the bare model on the same frames in
 * the same JVM, so the pipeline's throughput reads as a share of the model's.
 *
 * <pre>bench/e2e-latency.sh [studies=120] [rate per second=2] [pacs=storescp,orthanc]</pre>
 * Any {@code -Dgbscan.bench.set.KEY=VALUE} sets a service config key for the run (e.g. route.studies.uri).
 */
public final class PipelineLatency {
    private static final int WARM_UP = 10;
    private static final String CALLING_AE = "MODALITY";
    private static final java.util.concurrent.atomic.AtomicInteger resends = new java.util.concurrent.atomic.AtomicInteger();

    private record Phase(Histogram latency, double seconds, Map<String, long[]> ackAndSeen) {
    }

    public static void main(String[] args) throws Exception {
        int studies = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        if (studies < WARM_UP + 2) {
            throw new IllegalArgumentException("need at least " + (WARM_UP + 2) + " studies, " + WARM_UP + " of them to warm up");
        }
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        List<String> kinds = List.of((args.length > 2 ? args[2] : "storescp,orthanc").split(","));
        Path work = Path.of(System.getProperty("gbscan.bench.dir", "target/bench-e2e")).toAbsolutePath();
        Path model = PhantomModels.ensure(Path.of(System.getProperty("user.home"), ".cache", "gbscan", "demo", "model"), System.out);
        List<Path> all = singleFrameStudies(work, studies);
        List<Path> warmUp = all.subList(0, WARM_UP);
        List<Path> files = all.subList(WARM_UP, all.size());
        StageClock clock = StageClock.attach();
        StringBuilder report = new StringBuilder();
        for (String kind : kinds) {
            Path run = work.resolve("run-" + kind);
            deleteTree(run);
            clock.reset();
            double burstRate;
            try (BenchPacs pacs = BenchPacs.start(kind, run.resolve("pacs"));
                 Service service = Service.start(config(run, model, pacs))) {
                Destination gbscan = new Destination("GBSCAN", "127.0.0.1", service.dicomPort());
                drive(gbscan, pacs, warmUp, rate);
                int half = files.size() / 2;
                Phase steady = drive(gbscan, pacs, files.subList(0, half), rate);
                Phase burst = drive(gbscan, pacs, files.subList(half, files.size()), 0);
                burstRate = (files.size() - half) / burst.seconds();
                report.append(String.format(Locale.ROOT, "%n%s as the PACS%n", pacs.name()));
                report.append(String.format(Locale.ROOT,
                        "  steady %.1f studies/s, %d studies: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (%d of %d seen)%n",
                        rate, half, ms(steady.latency(), 50), ms(steady.latency(), 90), ms(steady.latency(), 99),
                        steady.latency().getMaxValue() / 1e6, steady.latency().getTotalCount(), half));
                report.append("  where the steady-load time went:\n").append(clock.table(steady.ackAndSeen()));
                report.append(String.format(Locale.ROOT, "  burst of %d studies: %.2f studies/s sustained (p50 %.0f ms, p99 %.0f ms; %d seen)%n",
                        files.size() - half, burstRate, ms(burst.latency(), 50), ms(burst.latency(), 99), burst.latency().getTotalCount()));
                report.append("  where the burst time went:\n").append(clock.table(burst.ackAndSeen()));
            }
            // right after the burst, so both see the same machine (a shared one changes by the minute)
            double forward = bareForward(model, files);
            report.append(String.format(Locale.ROOT, "  bare model on the same frames just after, batch 1, no Grad-CAM: forward %.1f img/s%n", forward));
            report.append(String.format(Locale.ROOT, "  pipeline under burst / bare forward = %.2f%n", burstRate / forward));
        }
        report.append(String.format(Locale.ROOT, "modality sends tried again after a refused association: %d%n", resends.get()));
        System.out.print(report);
    }

    /** Sends each study (at {@code rate} per second, 0 = all at once, four senders) and waits for every SR. */
    private static Phase drive(Destination gbscan, BenchPacs pacs, List<Path> studies, double rate) throws Exception {
        Map<String, Long> ackAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new HashMap<>();
        Map<String, String> uidOf = new LinkedHashMap<>();
        for (Path f : studies) {
            uidOf.put(f.toString(), DicomFiles.readRef(f).study().studyInstanceUid());
        }
        StoreScu modality = new StoreScu(CALLING_AE);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        int i = 0;
        for (Path f : studies) {
            String uid = uidOf.get(f.toString());
            long due = start + (long) (i++ * 1e9 / Math.max(rate, 1e-9));
            while (rate > 0 && System.nanoTime() < due) {
                poll(pacs, uidOf, seenAt);
                Thread.sleep(1);
            }
            senders.submit(() -> {
                // a refused or failed send is tried again, as a modality would (the listener allows 8 connections per
                // peer; on a busy machine the previous associations may not all be closed yet)
                for (int attempt = 1; attempt <= 50 && !ackAt.containsKey(uid); attempt++) {
                    try (StoreAssociation a = modality.open(gbscan, StoreScu.syntaxesOf(List.of(f)))) {
                        if (a.send(List.of(f)).allStored()) {
                            ackAt.put(uid, System.nanoTime()); // the last instance's C-STORE response, before the release
                        }
                    } catch (DicomNetException e) {
                        resends.incrementAndGet();
                    }
                    if (!ackAt.containsKey(uid)) {
                        Thread.sleep(100);
                    }
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (seenAt.size() < studies.size() && System.nanoTime() < deadline) {
            poll(pacs, uidOf, seenAt);
            Thread.sleep(5);
        }
        senders.shutdown();
        Histogram latency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
        Map<String, long[]> byTag = new LinkedHashMap<>();
        for (Map.Entry<String, Long> seen : seenAt.entrySet()) {
            Long ack = ackAt.get(seen.getKey());
            if (ack != null) {
                latency.recordValue(Math.max(0, seen.getValue() - ack));
                byTag.put(LogTags.of(seen.getKey()), new long[] {ack, seen.getValue()});
            }
        }
        long last = seenAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
        return new Phase(latency, (last - start) / 1e9, byTag);
    }

    private static void poll(BenchPacs pacs, Map<String, String> uidOf, Map<String, Long> seenAt) throws Exception {
        long now = System.nanoTime();
        for (String uid : pacs.newSrStudies()) {
            if (uidOf.containsValue(uid)) {
                seenAt.putIfAbsent(uid, now);
            }
        }
    }

    private static double bareForward(Path model, List<Path> files) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (Path f : files) {
            frames.add(DicomFiles.read(f, 1).frames().get(0));
        }
        try (ScoringModel loaded = ModelDirectory.load(model)) {
            DirectScorer scorer = new DirectScorer(loaded, InferenceSettings.defaults().withCam(false));
            for (int i = 0; i < Math.min(10, frames.size()); i++) {
                scorer.scoreAll(List.of(frames.get(i))); // warm-up
            }
            long start = System.nanoTime();
            for (Frame frame : frames) {
                scorer.scoreAll(List.of(frame));
            }
            return frames.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * One single-frame image per phantom patient: the first non-cine file of each study, from a phantom set of at
     * least {@code count} patients made earlier (generating one takes minutes), else from a new one.
     */
    private static List<Path> singleFrameStudies(Path work, int count) throws Exception {
        Path set = work.resolve("studies-" + count);
        for (int more = count; more <= 10 * count && !Files.exists(set.resolve("manifest.json")); more++) {
            if (Files.exists(work.resolve("studies-" + more).resolve("manifest.json"))) {
                set = work.resolve("studies-" + more);
            }
        }
        if (!Files.exists(set.resolve("manifest.json"))) {
            PhantomOptions o = PhantomOptions.of(count, 4242, set);
            PhantomGenerator.generate(new PhantomOptions(count, 4242, set, false, o.baFraction(), o.hardFraction(), 0.0,
                    o.width(), o.height(), o.threads()));
        }
        Map<String, Path> firstOfStudy = new HashMap<>();
        List<String> lines = Files.readAllLines(set.resolve("labels.csv"));
        List<Path> files = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            Path f = set.resolve(line.split(",")[0].trim());
            if (firstOfStudy.putIfAbsent(DicomFiles.readRef(f).study().studyInstanceUid(), f) == null && files.size() < count) {
                files.add(f);
            }
        }
        return files;
    }

    private static Config config(Path run, Path model, BenchPacs pacs) {
        Map<String, String> c = new HashMap<>();
        c.put("inference.model.dir", model.toString());
        c.put("listener.port", "0");
        c.put("listener.host", "127.0.0.1");
        c.put("listener.settle", System.getProperty("gbscan.bench.settle", "50ms"));
        c.put("listener.spool.dir", run.resolve("spool").toString());
        c.put("listener.allowedCallingAes", CALLING_AE);
        c.put("reporting.outbox.dir", run.resolve("outbox").toString());
        c.put("reporting.pacs[0].ae", pacs.aeTitle());
        c.put("reporting.pacs[0].host", "127.0.0.1");
        c.put("reporting.pacs[0].port", Integer.toString(pacs.dicomPort()));
        c.put("reporting.cam.topK", "1");
        c.put("store.dir", run.resolve("store").toString());
        c.put("http.port", "0");
        c.put("http.host", "127.0.0.1");
        c.put("http.token", "bench");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("gbscan.bench.set."))
                .forEach(k -> c.put(k.substring("gbscan.bench.set.".length()), System.getProperty(k)));
        return Config.of(c);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
