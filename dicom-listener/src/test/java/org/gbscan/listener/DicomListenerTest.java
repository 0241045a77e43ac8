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
import java.util.concurrent.CompletableFuture;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.RawDicomPeer;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener end to end with DCMTK as the modality: spool, settle, one event per study revision. */
class DicomListenerTest {
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

    private Processes.Result store(List<Path> files, String... options) {
        return Processes.storescu("MODALITY", "GBSCAN", fx.port(), files, options);
    }

    private void awaitExactlyEvents(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() >= n);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.size() == n);
    }

    @Test
    void answersEchoscu() {
        Processes.Result r = Processes.echoscu("MODALITY", "GBSCAN", fx.port());
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Test
    void aFiftyInstanceStudyInOneAssociationBecomesOneEventWithAllInstances() {
        StudyRef study = Fixtures.study("P50");
        List<Path> files = TestStudies.write(src, study, 50, 64, 48);

        Processes.Result r = store(files);

        assertThat(r.ok()).as(r.output()).isTrue();
        awaitExactlyEvents(1);
        StudyReady event = fx.events.get(0);
        assertThat(event.studyInstanceUid()).isEqualTo(study.studyInstanceUid());
        assertThat(event.revision()).isEqualTo(1);
        assertThat(event.files()).hasSize(50).allSatisfy(f -> assertThat(f).startsWith(fx.listener.spoolDir()));
        assertThat(event.files()).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(files.stream().map(f -> f.getFileName().toString()).toList());
        assertThat(fx.count("gbscan.listener.instances.received")).isEqualTo(50);
        assertThat(fx.count("gbscan.listener.associations", "result", "accepted")).isEqualTo(1);
        assertThat(fx.count("gbscan.listener.study.events")).isEqualTo(1);
        assertThat(fx.count("gbscan.listener.bytes.received")).isGreaterThan(50 * 64 * 48);
    }

    @Test
    void concurrentAssociationsForDifferentStudiesGiveOneEventEach() {
        List<CompletableFuture<Processes.Result>> runs = new ArrayList<>();
        List<String> studies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StudyRef study = Fixtures.study("CONC" + i);
            studies.add(study.studyInstanceUid());
            List<Path> files = TestStudies.write(src, study, 8, 32, 32);
            runs.add(CompletableFuture.supplyAsync(() -> store(files)));
        }
        runs.forEach(run -> assertThat(run.join().ok()).as(run.join().output()).isTrue());

        awaitExactlyEvents(4);
        assertThat(fx.events).extracting(StudyReady::studyInstanceUid).containsExactlyInAnyOrderElementsOf(studies);
        assertThat(fx.events).allSatisfy(e -> assertThat(e.files()).hasSize(8));
    }

    /**
     * Issue 16: a sender slowed by load (pauses longer than the settle time between instances of one
     * association) split its study into partial revisions, each scored and exported on its own.
     */
    @Test
    void aStudySentSlowlyInOneAssociationSettlesOnceWithAllItsInstancesAfterTheAssociationEnds() throws Exception {
        List<Path> files = TestStudies.write(src, Fixtures.study("SLOW"), 4, 32, 32);
        Duration pause = SETTLE.multipliedBy(3);
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "SLOW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sopInstance(f), HostileDicom.dataSet(f), i + 1)).isZero();
                Thread.sleep(pause.toMillis()); // the sender's pace (3 settle times between instances), not a synchronisation
            }
            assertThat(fx.events).as("study events while its association is still open").isEmpty();
            assertThat(peer.release()).isEqualTo(0x06);
        }

        awaitExactlyEvents(1);
        assertThat(fx.events.get(0).revision()).isEqualTo(1);
        assertThat(fx.events.get(0).files()).hasSize(4);
    }

    /** An association that moves on to the next study holds only that one: the study before it settles. */
    @Test
    void aStudySettlesWhileItsAssociationIsOpenOnceTheAssociationSendsAnotherStudy() throws Exception {
        Path first = TestStudies.write(src, Fixtures.study("FIRST"), 1, 32, 32).get(0);
        Path second = TestStudies.write(src, Fixtures.study("SECOND"), 1, 32, 32).get(0);
        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "PACS", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sopInstance(first), HostileDicom.dataSet(first), 1)).isZero();
            assertThat(peer.cStore(SopClass.US_IMAGE.uid(), sopInstance(second), HostileDicom.dataSet(second), 2)).isZero();

            awaitExactlyEvents(1);
            assertThat(fx.events.get(0).files()).extracting(f -> f.getFileName().toString())
                    .containsExactly(first.getFileName().toString());
            assertThat(peer.release()).isEqualTo(0x06);
        }
        awaitExactlyEvents(2);
    }

    private static String sopInstance(Path file) {
        return file.getFileName().toString().replace(".dcm", "");
    }

    @Test
    void theSameInstanceTwiceInOneRevisionIsOneFile() {
        List<Path> files = TestStudies.write(src, Fixtures.study("DUP"), 2, 16, 16);

        Processes.Result r = store(List.of(files.get(0), files.get(1), files.get(0)));

        assertThat(r.ok()).as(r.output()).isTrue();
        awaitExactlyEvents(1);
        assertThat(fx.events.get(0).files()).hasSize(2);
    }

    @Test
    void aStudySentAgainAfterItsEventIsDeliveredAgainAsTheNextRevisionWithEveryInstanceOnce() {
        StudyRef study = Fixtures.study("RESEND");
        List<Path> files = TestStudies.write(src, study, 3, 16, 16);
        assertThat(store(files).ok()).isTrue();
        awaitExactlyEvents(1);

        Path extra = TestStudies.write(src, Fixtures.instance(study, SopClass.US_IMAGE, 4), 16, 16);
        assertThat(store(List.of(files.get(0), extra)).ok()).isTrue();

        awaitExactlyEvents(2);
        assertThat(fx.events.get(0).revision()).isEqualTo(1);
        assertThat(fx.events.get(1).revision()).isEqualTo(2);
        assertThat(fx.events.get(1).files()).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void refusesASopClassItDoesNotAcceptAndCountsIt() {
        Path file = TestStudies.write(src, Fixtures.study("CT"), 1, 16, 16).get(0);
        assertThat(Processes.run(List.of("dcmodify", "-nb", "-i", "(0008,0016)=1.2.840.10008.5.1.4.1.1.2", file.toString())).ok()).isTrue();

        Processes.Result r = store(List.of(file));

        assertThat(r.output()).containsIgnoringCase("no presentation context");
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.isEmpty());
    }

    @Test
    void rejectsAnUnknownCallingAeWhenAnAllowListIsSet() throws IOException {
        fx.close();
        fx = new ListenerFixture(tmp.resolve("spool"), SETTLE, Map.of("listener.allowedCallingAes", "PACS1, PACS2"));
        Path file = TestStudies.write(src, Fixtures.study("ALLOW"), 1, 16, 16).get(0);

        Processes.Result stranger = Processes.storescu("STRANGER", "GBSCAN", fx.port(), List.of(file));
        Processes.Result known = Processes.storescu("PACS2", "GBSCAN", fx.port(), List.of(file));

        assertThat(stranger.output()).contains("Calling AE Title Not Recognized");
        assertThat(known.ok()).as(known.output()).isTrue();
        assertThat(fx.count("gbscan.listener.associations", "result", "rejected", "reason", "calling-ae-not-allowed")).isEqualTo(1);
        awaitExactlyEvents(1);
    }

    @Test
    void aSpoolThatCannotBeWrittenMakesStorescuSeeAFailureNotSuccess() throws IOException {
        StudyRef study = Fixtures.study("BLOCKED");
        Path file = TestStudies.write(src, study, 1, 16, 16).get(0);
        // a plain file where the study's spool folder must go: creating the folder fails, as on a broken disk
        Files.writeString(fx.listener.spoolDir().resolve(Spool.folderName(study.studyInstanceUid())), "in the way");

        Processes.Result r = store(List.of(file), "-v");

        assertThat(r.output()).contains("Refused: OutOfResources").doesNotContain("(Success)");
        assertThat(fx.count("gbscan.listener.instances.refused", "status", "OUT_OF_RESOURCES")).isEqualTo(1);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.isEmpty());
    }

    @Test
    void aTruncatedDataSetIsRefusedAndTheNextStoreWorks() throws IOException {
        Path file = TestStudies.write(src, Fixtures.study("TRUNC"), 1, 64, 48).get(0);
        byte[] all = Files.readAllBytes(file);
        int metaLength = (all[140] & 0xff) | (all[141] & 0xff) << 8 | (all[142] & 0xff) << 16 | (all[143] & 0xff) << 24;
        byte[] dataSet = java.util.Arrays.copyOfRange(all, 144 + metaLength, all.length - 500);
        String sop = file.getFileName().toString().replace(".dcm", "");

        try (RawDicomPeer peer = RawDicomPeer.connect(fx.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", SopClass.US_IMAGE.uid())).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(SopClass.US_IMAGE.uid(), sop, 1)));
            peer.send(RawDicomPeer.pData(1, false, true, dataSet));
            assertThat(peer.readResponseStatus()).isEqualTo(0xC000);
        }
        Processes.Result r = store(List.of(file));

        assertThat(r.ok()).as(r.output()).isTrue();
        awaitExactlyEvents(1);
        assertThat(fx.count("gbscan.listener.instances.refused", "status", "CANNOT_UNDERSTAND")).isEqualTo(1);
    }
}
