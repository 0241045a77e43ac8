package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.net.PeerLimits;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.ImageBombs;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.RawDicomPeer;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the receiving side: what a hostile or broken sender could do to the listener, each case shown
 * to happen (the sender's side of it is observed) and answered with a DICOM status, never a dead thread.
 * Limits are set through config keys, as an operator would.
 */
class HostileSenderTest {
    private static final Duration SETTLE = Duration.ofMillis(400);
    private static final Duration QUIET = Duration.ofMillis(1200);

    @TempDir
    Path tmp;
    Path src;
    ListenerFixture fx;

    @BeforeEach
    void start() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        fx = new ListenerFixture(tmp.resolve("spool"), SETTLE);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private void restart(Map<String, String> config) throws IOException {
        fx.close();
        fx = new ListenerFixture(tmp.resolve("spool"), SETTLE, config);
    }

    private void awaitExactlyEvents(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() >= n);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.size() == n);
    }

    private static String sop(Path file) {
        return file.getFileName().toString().replace(".dcm", "");
    }

    @Test
    void aFiveKilobyteJpegCineDeclaringEightFramesOf16384SquaredRgbIsRefusedWithOutOfResourcesBeforeTheAck() throws IOException {
        Path cine = ImageBombs.dicomJpegCine(src, Fixtures.study("BOMB"), 8, 32);
        ImageBombs.forgeDicomSize(cine, 16384);
        assertThat(Files.size(cine)).isLessThan(16 * 1024);

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", fx.port(), List.of(cine), "-xy", "-v");

        assertThat(r.output()).contains("Refused: OutOfResources").doesNotContain("(Success)");
        assertThat(fx.count("gbscan.listener.instances.refused", "status", "OUT_OF_RESOURCES")).isEqualTo(1);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.isEmpty());
        assertThat(Processes.echoscu("MODALITY", "GBSCAN", fx.port()).ok()).isTrue();
    }

    @Test
    void theImageLimitsAreConfigKeys() throws IOException {
        restart(Map.of("listener.image.maxRows", "32", "listener.image.maxColumns", "32"));
        List<Path> files = TestStudies.write(src, Fixtures.study("CAPS"), 2, 32, 32);
        Path wide = TestStudies.write(src, Fixtures.instance(Fixtures.study("WIDE"), SopClass.US_IMAGE, 1), 64, 32);

        assertThat(Processes.storescu("MODALITY", "GBSCAN", fx.port(), files).ok()).isTrue();
        assertThat(Processes.storescu("MODALITY", "GBSCAN", fx.port(), List.of(wide), "-v").output())
                .contains("Refused: OutOfResources");
        awaitExactlyEvents(1);
    }

    @Test
    void thirtyThousandNestedSequencesAreRefusedWithCannotUnderstandAndTheAssociationGoesOn() throws IOException {
        List<Path> files = TestStudies.write(src, Fixtures.study("DEEP"), 2, 32, 32);
        Path deep = HostileDicom.nested(files.get(0), tmp.resolve("deep.dcm"), 30_000);

        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sop(files.get(0)), HostileDicom.dataSet(deep), 1)).isEqualTo(0xC000);
            assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sop(files.get(1)), HostileDicom.dataSet(files.get(1)), 2)).isEqualTo(0x0000);
        }
        awaitExactlyEvents(1);
        assertThat(fx.events.get(0).files()).extracting(f -> f.getFileName().toString()).containsExactly(files.get(1).getFileName().toString());
    }

    @Test
    void aDataSetWhoseSopInstanceUidDiffersFromTheCommandsIsRefusedWithA900AndNotStored() throws IOException {
        List<Path> files = TestStudies.write(src, Fixtures.study("SWAP"), 2, 32, 32);

        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            // the command announces instance 0, the data set is instance 1
            assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sop(files.get(0)), HostileDicom.dataSet(files.get(1)), 1)).isEqualTo(0xA900);
        }
        assertThat(fx.count("gbscan.listener.instances.refused", "status", "DATA_SET_DOES_NOT_MATCH_SOP_CLASS")).isEqualTo(1);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.isEmpty());
        try (var s = Files.walk(fx.listener.spoolDir())) {
            assertThat(s.filter(p -> p.toString().endsWith(".dcm"))).isEmpty();
        }
    }

    @Test
    void aByteIdenticalResendOfADeliveredStudyIsAcknowledgedWithoutANewRevision() {
        List<Path> files = TestStudies.write(src, Fixtures.study("AGAIN"), 3, 32, 32);
        assertThat(Processes.storescu("MODALITY", "GBSCAN", fx.port(), files).ok()).isTrue();
        awaitExactlyEvents(1);

        Processes.Result again = Processes.storescu("MODALITY", "GBSCAN", fx.port(), files);

        assertThat(again.ok()).as(again.output()).isTrue();
        awaitExactlyEvents(1);
        assertThat(fx.count("gbscan.listener.instances.duplicate")).isEqualTo(3);
    }

    @Test
    void aSenderAddingAnImageEveryFewHundredMillisecondsCannotPostponeTheStudyPastSettleMax() throws Exception {
        restart(Map.of("listener.settle", "1500ms", "listener.settle.max", "2s"));
        StudyRef study = Fixtures.study("DRIP");
        int sent = 0;
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            // up to 20 instances, one every ~300 ms (6 s): each well inside the 1.5 s settle time of the last
            while (sent < 20 && fx.events.isEmpty()) {
                Path f = TestStudies.write(src, Fixtures.instance(study, SopClass.US_IMAGE, sent + 1), 16, 16);
                assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sop(f), HostileDicom.dataSet(f), sent + 1)).isZero();
                sent++;
                Thread.sleep(300); // the sender's pace, not a synchronisation
            }
        }

        assertThat(fx.events).as("an event while the sender was still sending").isNotEmpty();
        assertThat(sent).isLessThan(20);
        assertThat(fx.events.get(0).files()).hasSizeLessThan(20);
    }

    @Test
    void aStudyThatNeverFinishesIsParkedAfterMaxDeliveriesInsteadOfOfferedAtEveryStart() throws IOException {
        restart(Map.of("listener.maxDeliveries", "2"));
        StudyRef study = Fixtures.study("POISON");
        assertThat(Processes.storescu("MODALITY", "GBSCAN", fx.port(), TestStudies.write(src, study, 1, 16, 16)).ok()).isTrue();
        awaitExactlyEvents(1); // delivery 1: the pipeline "dies" and never marks it done

        restart(Map.of("listener.maxDeliveries", "2"));
        awaitExactlyEvents(1); // delivery 2 at the next start

        restart(Map.of("listener.maxDeliveries", "2"));
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.isEmpty());
        assertThat(fx.listener.pendingStudies()).isZero();
        assertThat(fx.count("gbscan.listener.studies.parked")).isEqualTo(1);
        assertThat(Files.readString(fx.listener.spoolDir().resolve(Spool.folderName(study.studyInstanceUid())).resolve("study.properties")))
                .contains("parked=1");
    }

    @Test
    void aPeerTricklingItsAssociateRequestIsDroppedAtArtim() throws Exception {
        restart(Map.of("listener.associateTimeout", "1s"));
        byte[] rq = RawDicomPeer.associateRequest("GBSCAN", "SLOW", SopClass.US_IMAGE.uid(), RawDicomPeer.EXPLICIT_VR_LE);
        long start = System.nanoTime();
        int sent;
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            sent = peer.trickle(rq, Duration.ofMillis(100)); // 20+ s for the whole request
        }
        assertThat(sent).as("bytes accepted before the SCP hung up").isLessThan(rq.length);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(fx.count("gbscan.listener.connections.dropped", "reason", "deadline")).isEqualTo(1);
    }

    @Test
    void aPeerTricklingAPduAfterAssociatingIsDropped() throws Exception {
        restart(Map.of("listener.pduTimeout", "1s"));
        List<Path> files = TestStudies.write(src, Fixtures.study("DRIPPDU"), 1, 32, 32);
        byte[] command = RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(SopClass.US_IMAGE.uid(), sop(files.get(0)), 1));
        long start;
        int sent;
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "SLOW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            start = System.nanoTime();
            sent = peer.trickle(command, Duration.ofMillis(100)); // every byte well inside the 60 s idle timeout
        }
        assertThat(sent).isLessThan(command.length);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aPeerKeepingAnAssociationAliveWithTinyMessagesIsDroppedAtTheAssociationTimeLimit() throws Exception {
        restart(Map.of("listener.maxAssociationTime", "2s"));
        // the first C-ECHO a JVM's SCP answers loads PixelMed's receive path (over a second on a busy machine)
        assertThat(Processes.echoscu("MODALITY", "GBSCAN", fx.port()).ok()).isTrue();
        long start = System.nanoTime();
        int answered = 0;
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            peer.send(RawDicomPeer.associateRequest("GBSCAN", "CHATTY", List.<String[]>of(new String[] {"1.2.840.10008.1.1", "1.2.840.10008.1.2"})));
            assertThat(peer.readPduType()).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            // a C-ECHO every 200 ms: every PDU complete and prompt, the idle timeout never reached
            for (int i = 1; i <= 50; i++) {
                peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cEchoRequest(i)));
                peer.readResponseStatus();
                answered++;
                Thread.sleep(200); // the peer's pace, not a synchronisation
            }
        } catch (IOException e) {
            // the SCP closed the association: what this test expects
        }
        assertThat(answered).isBetween(1, 49);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void twentySilentSocketsFromOnePeerDoNotStarveAnotherSender() throws IOException {
        List<RawDicomPeer> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                silent.add(RawDicomPeer.connectFrom("127.0.0.2", fx.port()));
            }
            Path file = TestStudies.write(src, Fixtures.study("OTHER"), 1, 16, 16).get(0);

            Processes.Result echo = Processes.echoscu("MODALITY", "GBSCAN", fx.port());
            Processes.Result stored = Processes.storescu("MODALITY", "GBSCAN", fx.port(), List.of(file));

            assertThat(echo.ok()).as(echo.output()).isTrue();
            assertThat(stored.ok()).as(stored.output()).isTrue();
            assertThat(fx.count("gbscan.listener.associations", "result", "rejected", "reason", "peer-limit"))
                    .isEqualTo(20 - PeerLimits.DEFAULT.maxPerPeer());
        } finally {
            for (RawDicomPeer p : silent) {
                p.close();
            }
        }
    }
}
