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

    /** Which test class took each phantom seed. */
    private static final Map<Long, String> SEED_OWNERS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Small single-frame phantom studies (320x240, no cine): quick to score, still real DICOM. Each test class
     * needs seeds of its own: the same seed gives the same Study Instance UIDs, and two tests that send one
     * study to the suite's one Orthanc see each other's SRs and captures.
     */
    static List<PhantomStudy> phantomStudies(int patients, long seed) {
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass).filter(c -> c != Suite.class).findFirst().orElseThrow()).getName();
        String owner = SEED_OWNERS.putIfAbsent(seed, caller);
        if (owner != null && !owner.equals(caller)) {
            throw new IllegalStateException("phantom seed " + seed + " is taken by " + owner + "; give " + caller + " its own");
        }
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

    /**
     * A phantom study with no JPEG image: storescu sends it in one association, so it settles and is scored
     * once (a study sent in two associations may be scored twice, the second revision replacing the first).
     */
    static PhantomStudy uncompressedStudy(long seed) {
        for (PhantomStudy study : phantomStudies(4, seed)) {
            boolean plain = study.files().stream().allMatch(f -> {
                try {
                    return !DicomFiles.transferSyntaxUid(f).equals("1.2.840.10008.1.2.4.50");
                } catch (BadDicomException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (plain) {
                return study;
            }
        }
        throw new IllegalStateException("no phantom study without JPEG images for seed " + seed + ": pick another seed");
    }

    /**
     * Phantom studies whose instances share one transfer syntax, so storescu sends each in one association and the
     * listener settles it as one revision however slow the machine is (about half of the phantom studies).
     */
    static List<PhantomStudy> oneAssociationStudies(int count, long seed) {
        List<PhantomStudy> picked = phantomStudies(count * 3, seed).stream().filter(study -> study.files().stream().map(f -> {
            try {
                return DicomFiles.transferSyntaxUid(f);
            } catch (BadDicomException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count() == 1).limit(count).toList();
        if (picked.size() < count) {
            throw new IllegalStateException("only " + picked.size() + " one-syntax phantom studies for seed " + seed + ": pick another seed");
        }
        return picked;
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
     * DCMTK's storescu as a foreign sender: one association per transfer syntax, the compressed ones proposed
     * first with their own option ({@code -xy} JPEG baseline, {@code -xs} JPEG lossless, {@code -xr} RLE);
     * storescu cannot convert between them.
     */
    static void storescu(int port, List<Path> files) throws IOException, InterruptedException {
        Map<String, List<Path>> bySyntax = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            try {
                bySyntax.computeIfAbsent(DicomFiles.transferSyntaxUid(f), k -> new ArrayList<>()).add(f);
            } catch (BadDicomException e) {
                throw new IOException(e);
            }
        }
        for (Map.Entry<String, List<Path>> e : bySyntax.entrySet()) {
            List<String> option = switch (e.getKey()) {
                case "1.2.840.10008.1.2.4.50" -> List.of("-xy");
                case "1.2.840.10008.1.2.4.70" -> List.of("-xs");
                case "1.2.840.10008.1.2.5" -> List.of("-xr");
                default -> List.of();
            };
            storescu(port, e.getValue(), option);
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
