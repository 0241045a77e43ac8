package org.gbscan.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gbscan.app.Role;
import org.gbscan.app.Service;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.handoff.artemis.EmbeddedBroker;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.trainer.phantom.PhantomModels;

/**
 * Throughput of 1 and then 2 scoring workers (separate JVMs, {@code gbscan serve --role worker}, each with
 * {@code inference.threads=1} and {@code route.concurrency=1}) draining the same kind of backlog through an
 * Artemis broker, in one run. A listener node (this JVM) receives single-frame phantom studies from DCMTK
 * storescu and hands them to the broker; the workers score them and publish the results (outbox without a PACS,
 * and a report store of their own: the PACS export and a shared database are measured elsewhere). Throughput is
 * studies whose outcome reached the listener, per second, from the first hand-off to the last outcome; the
 * workers are started and warmed up before the backlog arrives.
 *
 * <pre>bench/scale-out.sh [studies per run=200]</pre>
 */
public final class WorkerScaling {
    private static final String TOKEN = "bench";
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path work;
    private final Path model;
    private final String brokerUrl;

    private WorkerScaling(Path work, Path model, String brokerUrl) {
        this.work = work;
        this.model = model;
        this.brokerUrl = brokerUrl;
    }

    public static void main(String[] args) throws Exception {
        int studies = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path work = Path.of(System.getProperty("gbscan.bench.dir", "target/bench-scale-out")).toAbsolutePath();
        deleteTree(work.resolve("run"));
        Path model = PhantomModels.ensure(Path.of(System.getProperty("user.home"), ".cache", "gbscan", "demo", "model"), System.out);
        List<List<Path>> sets = studySets(work.resolve("studies-" + studies), studies, List.of("warm-up", "1 worker", "2 workers"));
        int port = OrthancPacs.freePort();
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f at start%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (EmbeddedBroker broker = EmbeddedBroker.start(new EmbeddedBroker.Options(work.resolve("run/broker"), "127.0.0.1", port))) {
            WorkerScaling bench = new WorkerScaling(work.resolve("run"), model, broker.url());
            double one = bench.throughput(1, sets.get(0), sets.get(1));
            double two = bench.throughput(2, sets.get(0), sets.get(2));
            System.out.printf(Locale.ROOT, "%n1 worker:  %.2f studies/s%n2 workers: %.2f studies/s%n2 workers / 1 worker = %.2f (goal >= 1.7)%n",
                    one, two, two / one);
        }
    }

    /** Starts a listener and {@code workers} worker processes, warms them up, then times the backlog. */
    private double throughput(int workers, List<Path> warmUp, List<Path> backlog) throws Exception {
        String queues = "bench" + workers;
        Path run = work.resolve(workers + "-workers");
        int dicomPort = OrthancPacs.freePort();
        Map<String, String> listenerConfig = config(run.resolve("listener"), queues);
        listenerConfig.put("listener.port", Integer.toString(dicomPort));
        listenerConfig.put("listener.host", "127.0.0.1");
        listenerConfig.put("listener.allowAnyCaller", "true");
        listenerConfig.put("listener.settle", "500ms");
        List<Process> started = new ArrayList<>();
        try (Service listener = Service.start(Config.of(listenerConfig), Role.LISTENER)) {
            for (int w = 0; w < workers; w++) {
                started.add(worker(run.resolve("worker-" + w), queues));
            }
            int base = 0;
            send(dicomPort, warmUp);
            awaitOutcomes(listener, base + warmUp.size(), started);
            base += warmUp.size();
            send(dicomPort, backlog);
            long first = awaitHandedOn(listener, base + 1);
            long last = awaitOutcomes(listener, base + backlog.size(), started);
            double seconds = (last - first) / 1e9;
            System.out.printf(Locale.ROOT, "%d worker(s): %d studies in %.1f s%n", workers, backlog.size(), seconds);
            return backlog.size() / seconds;
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private Map<String, String> config(Path home, String queues) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("inference.model.dir", model.toString());
        c.put("listener.spool.dir", home.resolve("spool").toString());
        c.put("reporting.outbox.dir", home.resolve("outbox").toString());
        c.put("reporting.cam.topK", "1");
        c.put("store.dir", home.resolve("store").toString());
        c.put("http.host", "127.0.0.1");
        c.put("http.port", Integer.toString(OrthancPacs.freePort()));
        c.put("http.token", TOKEN);
        c.put("route.broker.url", brokerUrl);
        c.put("route.broker.queues", queues);
        return c;
    }

    /** A worker JVM on this JVM's class path: one inference thread, one study at a time. */
    private Process worker(Path home, String queues) throws IOException {
        Map<String, String> c = config(home, queues);
        c.put("route.worker.dir", home.resolve("work").toString());
        c.put("route.concurrency", "1");
        c.put("inference.threads", "1");
        Files.createDirectories(home);
        StringBuilder text = new StringBuilder();
        c.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = Files.writeString(home.resolve("gbscan.properties"), text);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"));
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            command.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.gbscan.app.Main", "serve", "--role", "worker",
                "--config", file.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("worker.log").toFile())).start();
    }

    /** DCMTK storescu, one association per transfer syntax of the set. */
    private static void send(int port, List<Path> files) throws Exception {
        Map<String, List<Path>> bySyntax = new LinkedHashMap<>();
        for (Path f : files) {
            bySyntax.computeIfAbsent(DicomFiles.transferSyntaxUid(f), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<Path>> e : bySyntax.entrySet()) {
            List<String> command = new ArrayList<>(List.of("storescu"));
            if (e.getKey().equals("1.2.840.10008.1.2.4.50")) {
                command.add("-xy");
            }
            command.addAll(List.of("-aet", "BENCH", "-aec", "GBSCAN", "127.0.0.1", Integer.toString(port)));
            e.getValue().forEach(f -> command.add(f.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("storescu failed: " + out);
            }
        }
    }

    /** Waits until the listener has handed on this many studies since it started; returns when. */
    private long awaitHandedOn(Service listener, int studies) throws Exception {
        while (metric(listener, "gbscan_listener_study_events_total") < studies) {
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    /** Waits until this many studies were handed on and none is pending (every outcome is in); returns when. */
    private long awaitOutcomes(Service listener, int studies, List<Process> workers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (metric(listener, "gbscan_listener_study_events_total") < studies || metric(listener, "gbscan_listener_spool_studies") > 0) {
            for (Process p : workers) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a worker exited (" + p.exitValue() + "); see its worker.log under " + work);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the studies were not scored within 30 min");
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    private double metric(Service node, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Disjoint sets of single-frame phantom studies (the first image of each patient's study), one per name. */
    private static List<List<Path>> studySets(Path dir, int perSet, List<String> names) throws Exception {
        int total = perSet * (names.size() - 1) + Math.min(perSet, 20); // the warm-up set is small
        if (!Files.exists(dir.resolve("manifest.json"))) {
            PhantomOptions o = PhantomOptions.of(total, 4343, dir);
            PhantomGenerator.generate(new PhantomOptions(total, 4343, dir, false, o.baFraction(), o.hardFraction(), 0.0,
                    o.width(), o.height(), o.threads()));
        }
        Map<String, Path> firstOfStudy = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                Path f = dir.resolve(line.split(",")[0].trim());
                firstOfStudy.putIfAbsent(DicomFiles.readRef(f).study().studyInstanceUid(), f);
            }
        }
        List<Path> files = new ArrayList<>(firstOfStudy.values());
        int warm = Math.min(perSet, 20);
        List<List<Path>> sets = new ArrayList<>();
        sets.add(files.subList(0, warm));
        for (int i = 0; i < names.size() - 1; i++) {
            sets.add(files.subList(warm + i * perSet, warm + (i + 1) * perSet));
        }
        return sets;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
