package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool is the source of truth: what was acknowledged before a stop is delivered after the restart, once. */
class ListenerRestartTest {
    private static final Duration NEVER_DURING_TEST = Duration.ofMinutes(10);
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration QUIET = Duration.ofMillis(1200);

    @TempDir
    Path tmp;

    private static void awaitExactly(ListenerFixture fx, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() >= n);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.size() == n);
    }

    @Test
    void acknowledgedInstancesAreDeliveredAfterAStopBeforeTheStudySettled() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("RESTART");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 6, 32, 32);
        try (ListenerFixture before = new ListenerFixture(spool, NEVER_DURING_TEST)) {
            Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", before.port(), files);
            assertThat(r.ok()).as(r.output()).isTrue();
            assertThat(before.events).isEmpty();
            assertThat(before.listener.pendingStudies()).isEqualTo(1);
            System.gc();
            assertThat(before.registry.get("gbscan.listener.spool.studies").gauge().value()).isEqualTo(1.0);
        }

        try (ListenerFixture after = new ListenerFixture(spool, SETTLE)) {
            awaitExactly(after, 1);
            StudyReady event = after.events.get(0);
            assertThat(event.studyInstanceUid()).isEqualTo(study.studyInstanceUid());
            assertThat(event.revision()).isEqualTo(1);
            assertThat(event.files()).hasSize(6).doesNotHaveDuplicates();
            after.listener.markDone(study.studyInstanceUid(), 1);
        }

        try (ListenerFixture third = new ListenerFixture(spool, SETTLE)) {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> third.events.isEmpty());
            assertThat(third.listener.pendingStudies()).isZero();
        }
    }

    /** Issue 18: a worker dead-lettered the study after its last attempt; the listener parks it and never offers it again. */
    @Test
    void aRevisionMarkedFailedIsParkedAndNotOfferedAgainAfterARestart() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("DEADLETTER");
        // one instance: a busy machine cannot split it into two revisions with the short settle time
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 1, 32, 32);
        try (ListenerFixture first = new ListenerFixture(spool, SETTLE)) {
            Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", first.port(), files);
            assertThat(r.ok()).as(r.output()).isTrue();
            awaitExactly(first, 1);
            first.listener.markFailed(study.studyInstanceUid(), 1);
            assertThat(first.listener.pendingStudies()).isZero();
            assertThat(first.count("gbscan.listener.studies.parked")).isEqualTo(1.0);
        }

        try (ListenerFixture after = new ListenerFixture(spool, SETTLE)) {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> after.events.isEmpty());
            assertThat(after.listener.pendingStudies()).isZero();
            assertThat(files).as("the spool keeps its instances for the retention").allMatch(Files::isRegularFile);
        }
    }

    @Test
    void instancesAcknowledgedByAListenerKilledWithSigkillAreDeliveredOnceAfterRestart() throws Exception {
        Path spool = tmp.resolve("spool");
        Path portFile = tmp.resolve("port");
        StudyRef study = Fixtures.study("SIGKILL");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 8, 64, 48);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ListenerProcess.class.getName(), spool.toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile) || !child.isAlive());
            assertThat(child.isAlive()).as("child listener started").isTrue();
            Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", ListenerProcess.readPort(portFile), files);
            assertThat(r.ok()).as(r.output()).isTrue();
        } finally {
            child.destroyForcibly().waitFor();
        }

        try (ListenerFixture after = new ListenerFixture(spool, SETTLE)) {
            awaitExactly(after, 1);
            assertThat(after.events.get(0).files()).hasSize(8).doesNotHaveDuplicates();
            assertThat(after.events.get(0).studyInstanceUid()).isEqualTo(study.studyInstanceUid());
        }
    }

    @Test
    void aDeliveredStudyNotMarkedDoneIsDeliveredAgainAfterRestartWithTheSameRevision() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("UNDONE");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 3, 16, 16);
        try (ListenerFixture first = new ListenerFixture(spool, SETTLE)) {
            assertThat(Processes.storescu("MODALITY", "GBSCAN", first.port(), files).ok()).isTrue();
            awaitExactly(first, 1);
        }

        try (ListenerFixture second = new ListenerFixture(spool, SETTLE)) {
            awaitExactly(second, 1);
            assertThat(second.events.get(0).revision()).isEqualTo(1);
            assertThat(second.events.get(0).files()).hasSize(3);
        }
    }

    @Test
    void anInstanceArrivingAfterDoneOpensANewRevisionThatSurvivesARestart() throws IOException {
        Path spool = tmp.resolve("spool");
        StudyRef study = Fixtures.study("LATE");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 3, 16, 16);
        try (ListenerFixture first = new ListenerFixture(spool, SETTLE)) {
            assertThat(Processes.storescu("MODALITY", "GBSCAN", first.port(), files.subList(0, 2)).ok()).isTrue();
            awaitExactly(first, 1);
            first.listener.markDone(study.studyInstanceUid(), 1);
        }
        try (ListenerFixture second = new ListenerFixture(spool, NEVER_DURING_TEST)) {
            assertThat(Processes.storescu("MODALITY", "GBSCAN", second.port(), files.subList(2, 3)).ok()).isTrue();
        }

        try (ListenerFixture third = new ListenerFixture(spool, SETTLE)) {
            awaitExactly(third, 1);
            assertThat(third.events.get(0).revision()).isEqualTo(2);
            assertThat(third.events.get(0).files()).hasSize(3);
        }
    }
}
