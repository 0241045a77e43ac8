package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.LogTags;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Photometric;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.ImageBombs;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: SIGTERM with a decompression bomb being scored did not finish within 60 s. Here the bomb passes
 * every header cap (8 frames of 4096x4096 RGB JPEG, 400 MB decoded from a few KB of file), so it is accepted
 * and really decoded; behind it, on the one consumer, a long cine of a real phantom frame (1000 frames, all of
 * them scored in this run) that takes far longer to score than the drain allows, so it is in flight at the
 * signal and still unfinished when the deadline cuts it off; a phantom study waits behind both. SIGTERM must end
 * the process within route.shutdownTimeout, leave the studies pending in the spool, and the next start must
 * score the phantom study.
 */
class ShutdownTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** Running the hook and the JVM's exit on a busy machine: the process may take this much beyond the timeout. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    /**
     * Frames of a real phantom image that pass the quality gate, so each gets a forward pass and Grad-CAM: a
     * minute's work on this machine's CPU, far more than the drain allows on any CPU. In flight at the signal.
     */
    private static final int LONG_CINE_FRAMES = 1000; // PixelMed keeps up to 1000 compressed frames in memory

    @Test
    void sigtermWithABombBeingScoredAndAStudyQueuedEndsWithinTheShutdownTimeoutAndTheStudyIsScoredAfterRestart() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("shutdown");
        PacsRoundTripTest.deleteTree(home);
        Path spool = home.resolve("spool");
        Suite.PhantomStudy study = Suite.uncompressedStudy(309);
        StudyRef bombStudy = Fixtures.study("SIGTERMBOMB");
        Path bomb = ImageBombs.dicomJpegCine(Files.createDirectories(home.resolve("bomb")), bombStudy, 8, 32);
        ImageBombs.forgeDicomSize(bomb, 4096); // 8 x 4096 x 4096 x 3 bytes: 400 MB decoded from a few KB, under the caps

        StudyRef longStudy = Fixtures.study("SIGTERMLONGCINE");
        Path longCine = longCine(Files.createDirectories(home.resolve("long")), study.files().get(0), longStudy);

        Map<String, String> config = Suite.gbscanConfig(home);
        config.put("route.shutdownTimeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
        Map<String, String> oneConsumer = new java.util.HashMap<>(config);
        oneConsumer.put("route.concurrency", "1"); // one study at a time: the others wait in the queue
        oneConsumer.put("inference.cine.frames", Integer.toString(LONG_CINE_FRAMES)); // every frame of the long cine
        GbscanProcess gbscan = new GbscanProcess(home, oneConsumer).start();
        try {
            Suite.storescu(gbscan.dicomPort(), List.of(bomb));
            awaitHandedOn(spool, bombStudy.studyInstanceUid());
            Suite.storescu(gbscan.dicomPort(), List.of(longCine));
            awaitHandedOn(spool, longStudy.studyInstanceUid());
            Suite.storescu(gbscan.dicomPort(), study.files());
            awaitHandedOn(spool, study.studyInstanceUid());
            // the fault must be there at the signal: the long cine being scored (or still waiting behind the bomb),
            // the phantom study queued behind it; nothing of the long cine or the study is done or even scored
            String scoredLongCine = "study " + LogTags.of(longStudy.studyInstanceUid()) + ": \\d+ frames";
            assertThat(java.util.regex.Pattern.compile(scoredLongCine).matcher(gbscan.log()).find())
                    .as("the long cine was scored before the signal").isFalse();
            assertThat(SpoolState.field(spool, longStudy.studyInstanceUid(), "done")).as("long cine done before the signal").isZero();
            assertThat(SpoolState.field(spool, study.studyInstanceUid(), "done")).as("study done before the signal").isZero();

            Optional<Duration> exit = gbscan.terminate(SHUTDOWN_TIMEOUT.plus(MARGIN).plusSeconds(60));

            assertThat(exit).as("gbscan exited after SIGTERM (see %s)", home.resolve("gbscan.log")).isPresent();
            System.out.println("SIGTERM to exit with studies in flight: " + exit.get().toMillis() + " ms");
            assertThat(exit.get()).as("SIGTERM to exit, route.shutdownTimeout %s", SHUTDOWN_TIMEOUT)
                    .isLessThan(SHUTDOWN_TIMEOUT.plus(MARGIN));
            assertThat(SpoolState.field(spool, longStudy.studyInstanceUid(), "done")).as("long cine left pending").isZero();
            assertThat(SpoolState.field(spool, study.studyInstanceUid(), "done")).as("study left pending for the next start").isZero();

            gbscan = new GbscanProcess(home, config).start(); // two consumers and 8 cine frames: the study is not held up
            await("results of the study queued at the signal, after restart").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(300)).until(() -> Results.in(pacs, study.studyInstanceUid()).complete());
            // the SR reaches the PACS before the FHIR report is stored and the study marked done
            await("the study marked done after restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> SpoolState.field(spool, study.studyInstanceUid(), "done") == 1);
        } finally {
            gbscan.close();
        }
    }

    /** A grey JPEG cine of {@code LONG_CINE_FRAMES} copies of the first frame of {@code image}, in a study of its own. */
    private static Path longCine(Path dir, Path image, StudyRef study) throws Exception {
        Frame source = DicomFiles.read(image, 1, ImageLimits.DEFAULT).frames().get(0);
        byte[] grey = new byte[source.width() * source.height()];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) source.pixels()[i * source.format().channels()]; // the phantom's grey, from its first sample
        }
        InstanceRef ref = Fixtures.instance(study, SopClass.US_MULTIFRAME_IMAGE, 1);
        List<Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < LONG_CINE_FRAMES; i++) {
            frames.add(new Frame(ref, i, source.width(), source.height(), PixelFormat.GRAY8, grey));
        }
        ImageSpec spec = new ImageSpec(ref, frames, Photometric.MONOCHROME2, Encoding.JPEG_BASELINE, null,
                new ImageSpec.Equipment("gbscan-test", "shutdown", "1", "Test Hospital"), "long cine", true, false, "", 33.3, List.of());
        Path file = dir.resolve(ref.sopInstanceUid() + ".dcm");
        DicomFiles.write(spec, file);
        return file;
    }

    /** The listener handed the study to the route (its delivery is counted in the spool before the hand-over). */
    private static void awaitHandedOn(Path spool, String studyUid) {
        await("study handed to the route").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> SpoolState.field(spool, studyUid, "deliveries") >= 1);
    }
}
