package org.gbscan.bench.reporting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.StoreScu;
import org.gbscan.reporting.ReportingSettings;
import org.gbscan.reporting.ResultWriter;
import org.gbscan.reporting.outbox.Backoff;
import org.gbscan.reporting.outbox.Outbox;
import org.gbscan.reporting.outbox.StoreScuSender;

/**
 * Export throughput of the reporting outbox to a real Orthanc: writes N studies' results (TID 1500 SR
 * + top-k CAM Secondary Captures) into the outbox while the PACS is down, then starts Orthanc and the
 * sender and times until every object is confirmed (the queued studies go out in batches over one kept
 * association, as the outbox does with a backlog). Prints objects/s for writing and for sending, and
 * a baseline: the same objects sent by DCMTK's storescu (one association per study) to a fresh Orthanc.
 *
 * <p>Usage: {@code ExportThroughput [studies=40] [framesPerStudy=4] [topK=3] [size=256]}; needs
 * Debian's /usr/sbin/Orthanc.
 */
public final class ExportThroughput {
    private static final ModelInfo MODEL = new ModelInfo("gbscan-bench", "1.0.0", "resnet18", 0.5);

    private ExportThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int studies = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int topK = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        Path work = Files.createTempDirectory("gbscan-export-bench");
        int dicomPort = freePort(), httpPort = freePort();
        Destination pacs = new Destination("BENCHPACS", "127.0.0.1", dicomPort);
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Outbox outbox = new Outbox(work.resolve("outbox"), List.of(pacs), new StoreScuSender("GBSCAN",
                StoreScu.DEFAULT_CONNECT_TIMEOUT, StoreScu.DEFAULT_READ_TIMEOUT, metrics), backoff, metrics, Clock.systemUTC());
        ResultWriter writer = new ResultWriter(outbox,
                new ReportingSettings(work.resolve("outbox"), List.of(pacs), "GBSCAN", backoff, topK, "bench"));

        int objects = 0;
        long t0 = System.nanoTime();
        for (int s = 0; s < studies; s++) {
            objects += writer.write(result(s, frames, size)).all().size();
        }
        double writeSeconds = (System.nanoTime() - t0) / 1e9;

        List<List<Path>> baseline = copyStudies(work.resolve("outbox"), work.resolve("baseline"));
        Process orthanc = startOrthanc(work.resolve("orthanc"), pacs.aeTitle(), dicomPort, httpPort);
        try {
            long t1 = System.nanoTime();
            outbox.start();
            while (outbox.depth() > 0) {
                Thread.sleep(5); // a benchmark polls; the tests use Awaitility
            }
            double sendSeconds = (System.nanoTime() - t1) / 1e9;
            double sent = metrics.counter("gbscan.outbox.objects.sent", "destination", pacs.aeTitle()).count();
            System.out.printf(Locale.ROOT, "studies=%d objects=%d (SR + %d CAM per study, %dx%d frames)%n",
                    studies, objects, Math.min(topK, frames), size, size);
            System.out.printf(Locale.ROOT, "write: %.2f s, %.1f objects/s (render CAM + encode + fsync into outbox)%n",
                    writeSeconds, objects / writeSeconds);
            double associations = metrics.counter("gbscan.outbox.associations.opened", "destination", pacs.aeTitle()).count();
            System.out.printf(Locale.ROOT, "export to Orthanc: %.2f s, %.1f objects/s, %.0f associations, %.0f objects confirmed%n",
                    sendSeconds, sent / sendSeconds, associations, sent);
        } finally {
            outbox.close();
            orthanc.destroy();
            orthanc.waitFor();
        }
        dcmtkBaseline(work, baseline);
    }

    /** The same objects, one DCMTK storescu association per study, to a fresh Orthanc: what the peer allows. */
    private static void dcmtkBaseline(Path work, List<List<Path>> studies) throws Exception {
        int dicomPort = freePort(), httpPort = freePort();
        Process orthanc = startOrthanc(work.resolve("orthanc-baseline"), "BASEPACS", dicomPort, httpPort);
        try {
            int objects = 0;
            long t0 = System.nanoTime();
            for (List<Path> files : studies) {
                List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "GBSCAN", "-aec", "BASEPACS", "127.0.0.1",
                        Integer.toString(dicomPort)));
                files.forEach(f -> cmd.add(f.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("storescu failed for " + files.get(0).getParent());
                }
                objects += files.size();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "baseline DCMTK storescu to Orthanc: %.2f s, %.1f objects/s, %d associations%n",
                    seconds, objects / seconds, studies.size());
        } finally {
            orthanc.destroy();
            orthanc.waitFor();
        }
    }

    private static List<List<Path>> copyStudies(Path outbox, Path target) throws IOException {
        List<List<Path>> studies = new ArrayList<>();
        try (var entries = Files.list(outbox)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                Path dir = Files.createDirectories(target.resolve(entry.getFileName()));
                List<Path> files = new ArrayList<>();
                try (var objects = Files.list(entry)) {
                    for (Path f : objects.filter(f -> f.toString().endsWith(".dcm")).toList()) {
                        files.add(Files.copy(f, dir.resolve(f.getFileName())));
                    }
                }
                studies.add(files);
            }
        }
        return studies;
    }

    private static StudyResult result(int s, int frames, int size) {
        StudyRef study = new StudyRef(Uids.random(), new Patient("BENCH" + s, "BENCH^PATIENT", "20260101", "F"),
                "ACC" + s, "20260315", "101500", Integer.toString(s), "US ABDOMEN");
        String series = Uids.random();
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            InstanceRef ref = new InstanceRef(study, series, Uids.random(), SopClass.US_IMAGE.uid(), "US", 1, i + 1);
            sources.add(ref);
            byte[] px = new byte[size * size];
            float[] heat = new float[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    px[y * size + x] = (byte) ((x + y + 13 * i) & 0xff);
                    double dx = x - size / 2.0, dy = y - size / 3.0;
                    heat[y * size + x] = (float) Math.exp(-(dx * dx + dy * dy) / (2.0 * size * size / 64));
                }
            }
            double p = 0.2 + 0.7 * ((s * 7 + i * 3) % 10) / 10.0;
            scores.add(new FrameScore(new Frame(ref, 0, size, size, PixelFormat.GRAY8, px), p,
                    Label.atThreshold(p, MODEL.threshold()), new HeatMap(size, size, heat)));
        }
        double mean = scores.stream().mapToDouble(FrameScore::baProbability).average().orElseThrow();
        return new StudyResult(study, sources, scores, mean, Label.atThreshold(mean, MODEL.threshold()), MODEL, Instant.now());
    }

    private static Process startOrthanc(Path home, String ae, int dicomPort, int httpPort) throws Exception {
        Files.createDirectories(home.resolve("storage"));
        String storage = home.resolve("storage").toString();
        Path config = home.resolve("orthanc.json");
        Files.writeString(config, String.format(Locale.ROOT, """
                {"Name":"gbscan-bench","DicomAet":"%s","DicomPort":%d,"HttpPort":%d,"RemoteAccessAllowed":false,
                 "AuthenticationEnabled":false,"StorageDirectory":"%s","IndexDirectory":"%s","DicomCheckCalledAet":true,
                 "DicomAlwaysAllowStore":true,"OverwriteInstances":true,"SaveJobs":false,"Plugins":[]}
                """, ae, dicomPort, httpPort, storage, storage));
        ProcessBuilder pb = new ProcessBuilder("Orthanc", config.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        for (int i = 0; i < 600; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/system").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroy();
        throw new IllegalStateException("Orthanc did not start; see " + home.resolve("orthanc.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
