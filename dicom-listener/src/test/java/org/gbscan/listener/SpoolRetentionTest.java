package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** listener.spool.retention: finished studies give their disk back; pending ones keep every byte. */
class SpoolRetentionTest {
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    Path tmp;

    private static void send(ListenerFixture fx, List<Path> files) {
        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", fx.port(), files);
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    private static long bytesOf(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }

    private static double spoolBytes(ListenerFixture fx) {
        return fx.registry.get("gbscan.storage.bytes").tag("area", "spool").gauge().value();
    }

    @Test
    void aDoneStudysInstancesAreDeletedAfterTheRetentionWhileAPendingStudyKeepsThemAll() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef done = Fixtures.study("DONE");
        StudyRef pending = Fixtures.study("PENDING");
        List<Path> doneFiles = TestStudies.write(Files.createDirectories(tmp.resolve("a")), done, 3, 32, 32);
        List<Path> pendingFiles = TestStudies.write(Files.createDirectories(tmp.resolve("b")), pending, 2, 32, 32);
        try (ListenerFixture fx = new ListenerFixture(spool, SETTLE, Map.of("listener.spool.retention", "1s"))) {
            send(fx, doneFiles);
            send(fx, pendingFiles);
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() == 2);
            Spool view = new Spool(spool);
            long both = bytesOf(view.files(done.studyInstanceUid())) + bytesOf(view.files(pending.studyInstanceUid()));
            assertThat(view.files(done.studyInstanceUid())).hasSize(3);
            assertThat(spoolBytes(fx)).isEqualTo((double) both);

            fx.listener.markDone(done.studyInstanceUid(), 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> view.files(done.studyInstanceUid()).isEmpty());
            long pendingBytes = bytesOf(view.files(pending.studyInstanceUid()));
            assertThat(pendingBytes).isPositive().isLessThan(both);
            await().atMost(Duration.ofSeconds(5)).until(() -> spoolBytes(fx) == pendingBytes);
            // the delivered but unfinished study outlives the retention several times over, intact
            await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6))
                    .until(() -> view.files(pending.studyInstanceUid()).size() == 2);
            assertThat(Files.exists(view.studyDir(done.studyInstanceUid()).resolve("study.properties"))).isTrue();
            assertThat(fx.listener.pendingStudies()).isEqualTo(1);
        }
    }

    @Test
    void afterDeletionAByteIdenticalResendChangesNothingAndANewInstanceOpensTheNextRevision() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("RESEND");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 3, 16, 16);
        try (ListenerFixture fx = new ListenerFixture(spool, SETTLE, Map.of("listener.spool.retention", "0s"))) {
            send(fx, files.subList(0, 2));
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() == 1);
            Spool view = new Spool(spool);
            assertThat(view.files(study.studyInstanceUid())).hasSize(2);

            fx.listener.markDone(study.studyInstanceUid(), 1);
            assertThat(view.files(study.studyInstanceUid())).as("0s: deleted when done").isEmpty();
            assertThat(spoolBytes(fx)).isZero();

            send(fx, files.subList(0, 2));
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.size() == 1);
            assertThat(fx.count("gbscan.listener.instances.duplicate")).isEqualTo(2.0);
            assertThat(view.files(study.studyInstanceUid())).isEmpty();

            send(fx, files.subList(2, 3));
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() == 2);
            assertThat(fx.events.get(1).revision()).isEqualTo(2);
            assertThat(fx.events.get(1).files()).hasSize(1);
        }
    }

    @Test
    void aParkedStudysInstancesAreDeletedToo() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("PARKED");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 2, 16, 16);
        Map<String, String> oneTry = Map.of("listener.maxDeliveries", "1", "listener.spool.retention", "0s");
        try (ListenerFixture first = new ListenerFixture(spool, SETTLE, oneTry)) {
            send(first, files);
            await().atMost(Duration.ofSeconds(20)).until(() -> first.events.size() == 1);
        } // never marked done: as if scoring it had killed the process

        try (ListenerFixture second = new ListenerFixture(spool, SETTLE, oneTry)) {
            assertThat(second.count("gbscan.listener.studies.parked")).isEqualTo(1.0);
            Spool view = new Spool(spool);
            await().atMost(Duration.ofSeconds(10)).until(() -> view.files(study.studyInstanceUid()).isEmpty());
            assertThat(second.events).isEmpty();
        }
    }

    @Test
    void theSweepRunsATenthOfTheRetentionBetweenOneSecondAndOneMinute() {
        assertThat(StudySettler.sweepPeriod(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(StudySettler.sweepPeriod(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(StudySettler.sweepPeriod(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(1));
    }
}
