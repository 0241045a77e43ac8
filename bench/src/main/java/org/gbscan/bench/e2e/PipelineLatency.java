package org.gbscan.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.trainer.phantom.PhantomModels;

/**
 * End-to-end latency of single-frame studies: Orthanc is asked to push a study to gbscan (t0) until
 * gbscan's SR series appears in Orthanc (t1, seen on Orthanc's change feed). A steady-rate run gives
 * p50/p99, a burst run gives sustained studies/s, and the same JVM times the bare model on the same
 * frames, so the pipeline's throughput can be read as a share of the model's.
 *
 * <pre>bench/e2e-latency.sh [studies] [rate per second]</pre>
 */
public final class PipelineLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int studies = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Path work = Path.of(System.getProperty("gbscan.bench.dir", "target/bench-e2e")).toAbsolutePath();
        new PipelineLatency().run(work, studies, rate);
    }

    private void run(Path work, int count, double rate) throws Exception {
        Path model = PhantomModels.ensure(Path.of(System.getProperty("user.home"), ".cache", "gbscan", "demo", "model"), System.out);
        List<Path> files = singleFrameStudies(work.resolve("studies-" + count), count);
        deleteTree(work.resolve("run"));
        int dicomPort = OrthancPacs.freePort();
        try (OrthancPacs pacs = new OrthancPacs(work.resolve("run/orthanc"), "ORTHANC",
                Map.of("GBSCAN", new OrthancPacs.Node("GBSCAN", "127.0.0.1", dicomPort))).start();
             Service service = Service.start(config(work.resolve("run"), model, dicomPort, pacs))) {
            List<String> uids = new ArrayList<>();
            for (Path f : files) {
                pacs.upload(f);
                uids.add(DicomFiles.readRef(f).study().studyInstanceUid());
            }
            int half = uids.size() / 2;
            Histogram steady = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            double steadySeconds = drive(pacs, uids.subList(0, half), rate, steady);
            Histogram burst = new Histogram(TimeUnit.SECONDS.toNanos(300), 3);
            double burstSeconds = drive(pacs, uids.subList(half, uids.size()), 0, burst);
            double studiesPerSecond = (uids.size() - half) / burstSeconds;

            Bare bare = bareModel(model, files);
            System.out.printf(Locale.ROOT, "%nsteady %.1f studies/s over %d studies (%.0f s): p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    rate, half, steadySeconds, ms(steady, 50), ms(steady, 90), ms(steady, 99), steady.getMaxValue() / 1e6);
            System.out.printf(Locale.ROOT, "burst of %d studies: %.2f studies/s sustained (p50 %.0f ms, p99 %.0f ms)%n",
                    uids.size() - half, studiesPerSecond, ms(burst, 50), ms(burst, 99));
            System.out.printf(Locale.ROOT, "bare model on the same frames, batch 1: forward %.1f img/s, forward + Grad-CAM %.1f img/s%n",
                    bare.forward(), bare.withCam());
            System.out.printf(Locale.ROOT, "pipeline / (forward + Grad-CAM) = %.2f; pipeline / forward = %.2f%n",
                    studiesPerSecond / bare.withCam(), studiesPerSecond / bare.forward());
        }
    }

    /** Sends each study through Orthanc (at {@code rate} per second, 0 = all at once) and waits for every SR. */
    private double drive(OrthancPacs pacs, List<String> uids, double rate, Histogram latencies) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> doneAt = new ConcurrentHashMap<>();
        long since = lastChange(pacs);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        for (int i = 0; i < uids.size(); i++) {
            String uid = uids.get(i);
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    pollSrSeries(pacs, uids, sentAt, doneAt, since);
                }
            }
            senders.submit(() -> {
                sentAt.put(uid, System.nanoTime());
                pacs.sendStudy("GBSCAN", uid);
            });
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (doneAt.size() < uids.size() && System.nanoTime() < deadline) {
            since = pollSrSeries(pacs, uids, sentAt, doneAt, since);
            Thread.sleep(5);
        }
        senders.shutdown();
        for (String uid : uids) {
            if (doneAt.containsKey(uid)) {
                latencies.recordValue(Math.max(0, doneAt.get(uid) - sentAt.get(uid)));
            }
        }
        return (doneAt.values().stream().mapToLong(Long::longValue).max().orElse(start) - start) / 1e9;
    }

    private long lastChange(OrthancPacs pacs) throws Exception {
        return get(pacs, "/changes?last").path("Last").asLong();
    }

    private long lastPoll;
    private long cursor = -1;

    /** Reads Orthanc's change feed for new SR series of the studies we sent; at most every 10 ms. */
    private long pollSrSeries(OrthancPacs pacs, List<String> uids, Map<String, Long> sentAt, Map<String, Long> doneAt,
                              long since) throws Exception {
        long now = System.nanoTime();
        if (now - lastPoll < 10_000_000L) {
            return since;
        }
        lastPoll = now;
        cursor = Math.max(cursor, since);
        JsonNode changes = get(pacs, "/changes?since=" + cursor + "&limit=1000");
        for (JsonNode change : changes.path("Changes")) {
            if (change.path("ChangeType").asText().equals("NewSeries")) {
                JsonNode series = get(pacs, "/series/" + change.path("ID").asText());
                if (series.path("MainDicomTags").path("Modality").asText().equals("SR")) {
                    JsonNode study = get(pacs, "/studies/" + series.path("ParentStudy").asText());
                    String uid = study.path("MainDicomTags").path("StudyInstanceUID").asText();
                    if (sentAt.containsKey(uid)) {
                        doneAt.putIfAbsent(uid, now);
                    }
                }
            }
        }
        cursor = changes.path("Last").asLong(cursor);
        return cursor;
    }

    private JsonNode get(OrthancPacs pacs, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pacs.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private record Bare(double forward, double withCam) {
    }

    private static Bare bareModel(Path model, List<Path> files) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (Path f : files) {
            frames.add(DicomFiles.read(f, 1).frames().get(0));
        }
        try (ScoringModel loaded = ModelDirectory.load(model)) {
            double forward = rate(new DirectScorer(loaded, InferenceSettings.defaults().withCam(false)), frames);
            double withCam = rate(new DirectScorer(loaded, InferenceSettings.defaults().withCam(true)), frames);
            return new Bare(forward, withCam);
        }
    }

    private static double rate(DirectScorer scorer, List<Frame> frames) {
        for (int i = 0; i < Math.min(10, frames.size()); i++) {
            scorer.scoreAll(List.of(frames.get(i))); // warm-up
        }
        long start = System.nanoTime();
        for (Frame frame : frames) {
            scorer.scoreAll(List.of(frame));
        }
        return frames.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** One single-frame image per phantom patient: the first non-cine file of each study. */
    private static List<Path> singleFrameStudies(Path set, int count) throws Exception {
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
            String uid = DicomFiles.readRef(f).study().studyInstanceUid();
            if (firstOfStudy.putIfAbsent(uid, f) == null) {
                files.add(f);
            }
        }
        return files;
    }

    private static Config config(Path run, Path model, int dicomPort, OrthancPacs pacs) {
        Map<String, String> c = new HashMap<>();
        c.put("inference.model.dir", model.toString());
        c.put("listener.port", Integer.toString(dicomPort));
        c.put("listener.settle", System.getProperty("gbscan.bench.settle", "50ms"));
        c.put("listener.spool.dir", run.resolve("spool").toString());
        c.put("listener.allowedCallingAes", pacs.aeTitle()); // the bench's Orthanc is the only sender
        c.put("reporting.outbox.dir", run.resolve("outbox").toString());
        c.put("reporting.pacs[0].ae", pacs.aeTitle());
        c.put("reporting.pacs[0].host", "127.0.0.1");
        c.put("reporting.pacs[0].port", Integer.toString(pacs.dicomPort()));
        c.put("reporting.cam.topK", "1");
        c.put("store.dir", run.resolve("store").toString());
        c.put("http.port", "0");
        c.put("http.host", "127.0.0.1");
        c.put("http.token", "bench");
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
