package org.gbscan.bench.ingest;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Photometric;
import org.gbscan.listener.DicomListener;
import org.gbscan.listener.ListenerSettings;

/**
 * Ingest throughput: DCMTK storescu sends 640x480 ultrasound images to (a) the gbscan listener (fsync before
 * every ACK), (b) DCMTK storescp with TCP_NODELAY=1 (no fsync) and (c) the same storescp with 1 MB socket
 * buffers (DCMTK's default 32 KB caps it on loopback), in the same run, alternating, over one association
 * and over 4 concurrent ones. C-STORE latency is read from storescu's own timestamped log
 * (request sent -> response received). Usage: IngestBench [images=200] [rounds=3] [workDir=target/bench-ingest]
 */
public final class IngestBench {
    private static final int W = 640;
    private static final int H = 480;
    private static final int STREAMS = 4;

    private IngestBench() {
    }

    record Run(String target, int associations, int images, double seconds, List<Double> latenciesMs) {
        double imagesPerSecond() {
            return images / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Path.of(args.length > 2 ? args[2] : "target/bench-ingest").toAbsolutePath();
        Files.createDirectories(work);
        List<List<Path>> studies = generate(work.resolve("images"), images);
        Path logConfig = work.resolve("storescu-log.cfg");
        Files.writeString(logConfig, """
                log4cplus.rootLogger = INFO, console
                log4cplus.appender.console = log4cplus::ConsoleAppender
                log4cplus.appender.console.layout = log4cplus::PatternLayout
                log4cplus.appender.console.layout.ConversionPattern = %D{%H:%M:%S.%Q} %m%n
                """);

        List<Run> runs = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger events = new AtomicInteger();
        Config config = Config.of(Map.of("listener.host", "127.0.0.1", "listener.port", "0",
                "listener.spool.dir", work.resolve("spool").toString(), "listener.settle", "5s"));
        // storescp as the issue asks (TCP_NODELAY=1), and tuned: DCMTK's default 32 KB socket buffers cap it on loopback
        Process plain = storescp(work, "STORESCP", Map.of("TCP_NODELAY", "1"));
        Process tuned = storescp(work, "STORESCP-TUNED", Map.of("TCP_NODELAY", "1", "TCP_BUFFER_LENGTH", "1048576"));
        int plainPort = ports.get(plain);
        int tunedPort = ports.get(tuned);
        try (DicomListener listener = DicomListener.start(ListenerSettings.from(config), e -> events.incrementAndGet(), registry)) {
            awaitPort(plainPort);
            awaitPort(tunedPort);
            Map<String, Integer> targets = new java.util.LinkedHashMap<>();
            targets.put("GBSCAN", listener.port());
            targets.put("STORESCP", plainPort);
            targets.put("STORESCP-TUNED", tunedPort);
            for (var t : targets.entrySet()) { // warm-up: JIT, page cache, spool folders
                send(t.getKey(), t.getValue(), List.of(studies.get(0)), logConfig);
            }
            for (int round = 1; round <= rounds; round++) {
                for (var t : targets.entrySet()) {
                    runs.add(send(t.getKey(), t.getValue(), List.of(all(studies)), logConfig));
                    runs.add(send(t.getKey(), t.getValue(), studies, logConfig));
                }
                System.out.printf("round %d done%n", round);
            }
        } finally {
            for (Process p : List.of(plain, tuned)) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        report(runs, registry.find("gbscan.listener.spool.write").timer(), images);
    }

    private static final Map<Process, Integer> ports = new java.util.HashMap<>();

    private static Process storescp(Path work, String ae, Map<String, String> env) throws IOException {
        int port = freePort();
        Path out = Files.createDirectories(work.resolve("out-" + ae.toLowerCase()));
        ProcessBuilder pb = new ProcessBuilder("storescp", "--fork", "-aet", ae, "-od", out.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(work.resolve(ae.toLowerCase() + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        ports.put(p, port);
        return p;
    }

    private static List<Path> all(List<List<Path>> studies) {
        return studies.stream().flatMap(List::stream).toList();
    }

    /** One storescu per file list, all at once; wall time from first start to last exit. */
    private static Run send(String calledAe, int port, List<List<Path>> lists, Path logConfig) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<String>> procs = new ArrayList<>();
        for (List<Path> files : lists) {
            procs.add(CompletableFuture.supplyAsync(() -> storescu(calledAe, port, files, logConfig)));
        }
        List<Double> latencies = new ArrayList<>();
        for (CompletableFuture<String> p : procs) {
            latencies.addAll(latencies(p.get()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = lists.stream().mapToInt(List::size).sum();
        if (latencies.size() != n) {
            throw new IllegalStateException(calledAe + ": " + latencies.size() + " of " + n + " C-STOREs answered");
        }
        return new Run(calledAe, lists.size(), n, seconds, latencies);
    }

    private static String storescu(String calledAe, int port, List<Path> files, Path logConfig) {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-lc", logConfig.toString(), "-aet", "BENCH", "-aec", calledAe,
                "127.0.0.1", String.valueOf(port)));
        files.forEach(f -> cmd.add(f.toString()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("TCP_BUFFER_LENGTH", "1048576"); // the sender must not be the window limit
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("storescu failed: " + out.lines().limit(20).toList());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Request-to-response times (ms) of successful C-STOREs from storescu's timestamped log. */
    static List<Double> latencies(String log) {
        List<Double> result = new ArrayList<>();
        double sent = -1;
        for (String line : log.lines().toList()) {
            if (line.length() < 17) {
                continue;
            }
            if (line.contains("Sending Store Request")) {
                sent = micros(line);
            } else if (line.contains("Received Store Response") && sent >= 0) {
                if (!line.contains("(Success)")) {
                    throw new IllegalStateException("a C-STORE failed: " + line);
                }
                double ms = (micros(line) - sent) / 1000.0;
                result.add(ms < 0 ? ms + 86_400_000.0 : ms);
                sent = -1;
            }
        }
        return result;
    }

    /** "HH:MM:SS.mmm.uuu ..." -> microseconds since midnight. */
    private static double micros(String line) {
        String[] t = line.substring(0, 16).split("[:.]");
        return ((Integer.parseInt(t[0]) * 60 + Integer.parseInt(t[1])) * 60 + Integer.parseInt(t[2])) * 1e6
                + Integer.parseInt(t[3]) * 1e3 + Integer.parseInt(t[4]);
    }

    private static void report(List<Run> runs, Timer spoolWrite, int images) {
        System.out.printf("%n%d images of %dx%d (8-bit US, %.0f KB each), DCMTK storescu as sender, loopback%n", images, W, H, W * H / 1024.0);
        System.out.println("| target | associations | img/s (median of rounds) | all rounds | C-STORE p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, double[]> medians = new java.util.HashMap<>();
        for (String target : List.of("GBSCAN", "STORESCP", "STORESCP-TUNED")) {
            double[] m = new double[2];
            int k = 0;
            for (int assoc : List.of(1, STREAMS)) {
                List<Run> rs = runs.stream().filter(r -> r.target().equals(target) && r.associations() == assoc).toList();
                double[] rates = rs.stream().mapToDouble(Run::imagesPerSecond).sorted().toArray();
                double[] lat = rs.stream().flatMap(r -> r.latenciesMs().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
                m[k++] = rates[rates.length / 2];
                System.out.printf("| %s | %d | %.0f | %s | %.2f | %.2f |%n", label(target), assoc, m[k - 1],
                        Arrays.stream(rates).mapToObj(r -> String.format("%.0f", r)).toList(), percentile(lat, 0.50), percentile(lat, 0.99));
            }
            medians.put(target, m);
        }
        for (String base : List.of("STORESCP", "STORESCP-TUNED")) {
            System.out.printf("%nratio gbscan / %s: 1 association %.2fx, %d associations %.2fx", label(base),
                    medians.get("GBSCAN")[0] / medians.get(base)[0], STREAMS, medians.get("GBSCAN")[1] / medians.get(base)[1]);
        }
        System.out.println();
        if (spoolWrite != null) {
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : spoolWrite.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            System.out.printf("gbscan verify + durable spool move per instance: mean %.2f ms, p50 %.2f ms, p99 %.2f ms (n=%d)%n",
                    spoolWrite.mean(TimeUnit.MILLISECONDS), p50, p99, spoolWrite.count());
        }
    }

    private static String label(String target) {
        return switch (target) {
            case "GBSCAN" -> "gbscan listener (fsync before ACK)";
            case "STORESCP" -> "storescp, TCP_NODELAY=1";
            default -> "storescp, TCP_NODELAY=1 + TCP_BUFFER_LENGTH=1M";
        };
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static List<List<Path>> generate(Path dir, int images) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        List<List<Path>> studies = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            Path studyDir = Files.createDirectories(dir.resolve("study" + s + "-" + images));
            try (var existing = Files.list(studyDir)) {
                List<Path> files = existing.sorted().toList();
                if (files.size() == images / STREAMS) {
                    studies.add(files);
                    continue;
                }
            }
            StudyRef study = new StudyRef(Uids.random(), new Patient("BENCH" + s, "BENCH^INFANT", "20260101", "F"),
                    "ACC" + s, "20260315", "101500", "1", "US ABDOMEN");
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= images / STREAMS; i++) {
                InstanceRef ref = new InstanceRef(study, Uids.derive(study.studyInstanceUid(), "series"), Uids.random(),
                        SopClass.US_IMAGE.uid(), "US", 1, i);
                byte[] pixels = new byte[W * H];
                random.nextBytes(pixels);
                Frame frame = new Frame(ref, 0, W, H, PixelFormat.GRAY8, pixels);
                ImageSpec spec = ImageSpec.original(ref, List.of(frame), Photometric.MONOCHROME2, null,
                        new ImageSpec.Equipment("gbscan-bench", "bench", "1", ""), "bench");
                Path f = studyDir.resolve(String.format("%04d.dcm", i));
                DicomFiles.write(spec, f);
                files.add(f);
            }
            studies.add(files);
        }
        return studies;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("storescp did not open port " + port);
    }
}
