package org.gbscan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.trainer.testing.TestModels;

/**
 * What the end-to-end tests share within one run: ONE Orthanc (the hospital PACS, knowing gbscan as
 * the modality "GBSCAN" on a fixed port) and the one phantom model the trainer's tests trained.
 */
final class Suite {
    static final int GBSCAN_DICOM_PORT = OrthancPacs.freePort();
    private static OrthancPacs pacs;

    private Suite() {
    }

    static Path root() {
        return Path.of(System.getProperty("gbscan.repo.root", ".")).toAbsolutePath().resolve("target/test-cache/e2e");
    }

    static synchronized OrthancPacs pacs() {
        if (pacs == null) {
            pacs = new OrthancPacs(root().resolve("orthanc-" + ProcessHandle.current().pid()), "ORTHANC",
                    Map.of("GBSCAN", new OrthancPacs.Node("GBSCAN", "127.0.0.1", GBSCAN_DICOM_PORT)));
            Runtime.getRuntime().addShutdownHook(new Thread(pacs::close));
        }
        try {
            return pacs.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path model() {
        return TestModels.phantomModel();
    }

    /** Config of a gbscan that listens on the suite's GBSCAN port and sends results to the suite's Orthanc. */
    static Map<String, String> gbscanConfig(Path home) {
        OrthancPacs orthanc = pacs();
        Map<String, String> c = new HashMap<>();
        c.put("inference.model.dir", model().toString());
        c.put("listener.port", Integer.toString(GBSCAN_DICOM_PORT));
        c.put("listener.host", "127.0.0.1");
        c.put("listener.allowAnyCaller", "true"); // the suite's senders (Orthanc, storescu as several modalities) on loopback
        c.put("listener.settle", "700ms");
        c.put("listener.spool.dir", home.resolve("spool").toString());
        c.put("reporting.outbox.dir", home.resolve("outbox").toString());
        c.put("reporting.pacs[0].ae", orthanc.aeTitle());
        c.put("reporting.pacs[0].host", "127.0.0.1");
        c.put("reporting.pacs[0].port", Integer.toString(orthanc.dicomPort()));
        c.put("reporting.retry.initial", "200ms");
        c.put("reporting.retry.max", "2s");
        c.put("store.dir", home.resolve("store").toString());
        c.put("http.host", "127.0.0.1");
        c.put("http.port", Integer.toString(OrthancPacs.freePort()));
        c.put("http.token", "e2e-token");
        return c;
    }

    /** Small single-frame phantom studies (320x240, no cine): quick to score, still real DICOM. */
    static List<PhantomStudy> phantomStudies(int patients, long seed) {
        Path out = root().resolve("studies-" + patients + "-" + seed);
        try {
            if (!Files.exists(out.resolve("manifest.json"))) {
                PhantomOptions o = PhantomOptions.of(patients, seed, out);
                PhantomGenerator.generate(new PhantomOptions(patients, seed, out, false, o.baFraction(), o.hardFraction(),
                        0.0, 320, 240, 2));
            }
            return PhantomStudy.read(out);
        } catch (IOException | BadDicomException e) {
            throw new IllegalStateException("phantom studies for the end-to-end tests: " + e.getMessage(), e);
        }
    }

    /** A phantom study: its UID and its files. */
    record PhantomStudy(String studyInstanceUid, List<Path> files) {
        static List<PhantomStudy> read(Path set) throws IOException, BadDicomException {
            Map<String, List<Path>> byStudy = new java.util.LinkedHashMap<>();
            List<String> lines = Files.readAllLines(set.resolve("labels.csv"));
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    Path file = set.resolve(line.split(",")[0].trim());
                    byStudy.computeIfAbsent(DicomFiles.readRef(file).study().studyInstanceUid(), k -> new ArrayList<>()).add(file);
                }
            }
            List<PhantomStudy> studies = new ArrayList<>();
            byStudy.forEach((uid, files) -> studies.add(new PhantomStudy(uid, List.copyOf(files))));
            return studies;
        }
    }

    /**
     * DCMTK's storescu as a foreign sender: the uncompressed files in one association, the JPEG ones in a
     * second with JPEG proposed first ({@code -xy}); storescu cannot convert between the two.
     */
    static void storescu(int port, List<Path> files) throws IOException, InterruptedException {
        List<Path> jpeg = new ArrayList<>();
        List<Path> plain = new ArrayList<>();
        for (Path f : files) {
            try {
                (DicomFiles.transferSyntaxUid(f).equals("1.2.840.10008.1.2.4.50") ? jpeg : plain).add(f);
            } catch (BadDicomException e) {
                throw new IOException(e);
            }
        }
        if (!plain.isEmpty()) {
            storescu(port, plain, List.of());
        }
        if (!jpeg.isEmpty()) {
            storescu(port, jpeg, List.of("-xy"));
        }
    }

    private static void storescu(int port, List<Path> files, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("storescu"));
        command.addAll(options);
        command.addAll(List.of("-aet", "MODALITY", "-aec", "GBSCAN", "127.0.0.1", Integer.toString(port)));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("storescu failed: " + out);
        }
    }
}
