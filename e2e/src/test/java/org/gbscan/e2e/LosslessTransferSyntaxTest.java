package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.sr.SrReader;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.reporting.sr.StudyReports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One phantom study sent three times by DCMTK's storescu, as it is and as copies made by {@code dcmcrle} (RLE
 * Lossless) and {@code dcmcjpeg +e1} (JPEG Lossless SV1), each copy under its own study, series and instance
 * UIDs: all three are accepted, scored with the same BA probability (within 1e-4) and reported to the PACS.
 */
class LosslessTransferSyntaxTest {
    private static final String RLE = "1.2.840.10008.1.2.5";
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    private static GbscanProcess gbscan;
    private static Map<String, String> studyBySyntax;

    @BeforeAll
    static void sendTheStudyUncompressedAndInBothLosslessEncodings() throws Exception {
        Path home = Suite.root().resolve("lossless");
        PacsRoundTripTest.deleteTree(home);
        gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start();
        Suite.PhantomStudy study = Suite.uncompressedStudy(907);
        studyBySyntax = new HashMap<>();
        studyBySyntax.put("as sent", study.studyInstanceUid());
        List<List<Path>> sends = new ArrayList<>();
        sends.add(study.files());
        for (Map.Entry<String, List<String>> variant : Map.of(RLE, List.of("dcmcrle"),
                JPEG_LOSSLESS_SV1, List.of("dcmcjpeg", "+e1")).entrySet()) {
            Path dir = Files.createDirectories(home.resolve("copies-" + variant.getKey()));
            String studyUid = newUid();
            studyBySyntax.put(variant.getKey(), studyUid);
            Map<String, String> seriesUids = new HashMap<>();
            List<Path> all = new ArrayList<>();
            for (Path original : study.files()) {
                Path copy = dir.resolve(original.getFileName());
                Files.copy(original, copy);
                String series = seriesUids.computeIfAbsent(DicomFiles.readRef(original).seriesInstanceUid(), k -> newUid());
                run(List.of("dcmodify", "-nb", "-m", "(0020,000d)=" + studyUid, "-m", "(0020,000e)=" + series,
                        "-m", "(0008,0018)=" + newUid(), copy.toString()));
                Path compressed = dir.resolve("c-" + original.getFileName());
                List<String> command = new ArrayList<>(variant.getValue());
                command.addAll(List.of(copy.toString(), compressed.toString()));
                run(command);
                assertThat(DicomFiles.transferSyntaxUid(compressed)).isEqualTo(variant.getKey());
                all.add(compressed);
            }
            sends.add(all);
        }
        for (List<Path> files : sends) { // one association per study: each settles once
            Suite.storescu(Suite.GBSCAN_DICOM_PORT, files);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gbscan != null) {
            gbscan.close();
        }
    }

    @Test
    void rleAndLosslessJpegCopiesAreScoredLikeTheOriginalAndReported() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Map<String, Double> probability = new HashMap<>();
        for (Map.Entry<String, String> e : studyBySyntax.entrySet()) {
            await("SR for the study " + e.getKey()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Results.in(pacs, e.getValue()).complete());
            OrthancPacs.Series sr = pacs.series(e.getValue()).stream().filter(s -> s.modality().equals("SR")).findFirst().orElseThrow();
            Path file = Files.write(Files.createTempFile("sr", ".dcm"), pacs.file(sr.instanceIds().get(0)));
            probability.put(e.getKey(), StudyReports.studyProbability(SrReader.read(file)).orElseThrow());
        }
        assertThat(probability.get(RLE)).as("RLE Lossless").isCloseTo(probability.get("as sent"), Offset.offset(1e-4));
        assertThat(probability.get(JPEG_LOSSLESS_SV1)).as("JPEG Lossless SV1").isCloseTo(probability.get("as sent"), Offset.offset(1e-4));
    }

    private static String newUid() {
        UUID u = UUID.randomUUID();
        BigInteger value = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + value;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
    }
}
