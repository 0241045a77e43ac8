package org.gbscan.reporting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.sr.ContentItem;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.core.dicom.sr.SrReader;
import org.gbscan.core.testing.SilentPeer;
import org.gbscan.core.Config;
import org.gbscan.reporting.Reporting;
import org.gbscan.reporting.ReportingSettings;
import org.gbscan.reporting.ResultWriter;
import org.gbscan.reporting.sr.ReportCodes;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.reporting.testing.StudyResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void deliversTheSrAndCamImagesToThePacsWhereTheyReadBackIntactThenEmptiesTheOutbox() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "PACS1", java.util.Map.of())).start();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Reporting reporting = track(Reporting.start(ReportingSettings.from(Config.of(Map.of(
                "reporting.outbox.dir", dir.resolve("outbox").toString(),
                "reporting.pacs[0].ae", "PACS1", "reporting.pacs[0].host", "127.0.0.1",
                "reporting.pacs[0].port", Integer.toString(destination(pacs).port()),
                "reporting.retry.initial", "100ms", "reporting.retry.max", "400ms"))), metrics));
        StudyResult result = StudyResults.of(0.92, 0.81, 0.35, 0.77);

        ResultWriter.Written written = reporting.export(result, ref -> null);

        await().atMost(Duration.ofSeconds(30)).until(() -> reporting.health().depth() == 0);
        List<String> stored = pacs.instancesOfStudy(result.study().studyInstanceUid());
        assertThat(stored).hasSize(4);
        assertThat(outboxEntries()).isEmpty();
        assertThat(metrics.counter("gbscan.outbox.objects.sent", "destination", "PACS1").count()).isEqualTo(4.0);

        List<String> sopUids = new ArrayList<>();
        SrDocument sr = null;
        for (String id : stored) {
            byte[] file = pacs.file(id);
            InstanceRef ref = DicomFiles.readRef(writeTemp(file));
            sopUids.add(ref.sopInstanceUid());
            if (ref.sopInstanceUid().equals(written.sr().sopInstanceUid())) {
                sr = SrReader.read(new ByteArrayInputStream(file));
            } else {
                assertThat(DicomFiles.read(new ByteArrayInputStream(file), 0).frames()).hasSize(1);
            }
        }
        assertThat(sopUids).containsExactlyInAnyOrderElementsOf(written.all().stream().map(InstanceRef::sopInstanceUid).toList());
        assertThat(sr).isNotNull();
        assertThat(numbers(sr.root())).first().isEqualTo(result.baProbability());
        assertThat(pacs.simplifiedTags(stored.get(0)).path("PatientID").asText()).isEqualTo(result.study().patient().id());
        assertThat(reporting.health().lastError()).isEmpty();
        assertThat(reporting.health().lastSuccessAt()).isNotNull();
    }

    @Test
    void queuesWhileThePacsIsDownSurvivesARestartAndDeliversEverythingExactlyOnce() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "PACS1", java.util.Map.of()));
        SimpleMeterRegistry before = new SimpleMeterRegistry();
        Outbox first = startOutbox(List.of(destination(pacs)), before);
        ResultWriter writer = new ResultWriter(first, settings(2));
        List<StudyResult> studies = List.of(StudyResults.of(0.9, 0.2), StudyResults.of(0.1, 0.3, 0.4), StudyResults.of(0.7));
        for (StudyResult s : studies) {
            writer.write(s);
        }
        writer.write(StudyResults.of(studies.get(0).study(), 0.9, 0.2)); // rescored while waiting: replaces

        await().atMost(Duration.ofSeconds(20)).until(() -> before.counter("gbscan.outbox.send.failures", "destination", "PACS1").count() >= 2);
        assertThat(first.health().depth()).isEqualTo(3);
        assertThat(first.health().lastError()).contains("PACS1");
        assertThat(outboxEntries()).hasSize(3);
        first.close();
        open.remove(first);

        pacs.start();
        SimpleMeterRegistry after = new SimpleMeterRegistry();
        Outbox restarted = startOutbox(List.of(destination(pacs)), after);

        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.depth() == 0);
        for (StudyResult s : studies) {
            int expected = 1 + Math.min(2, s.frames().size());
            assertThat(pacs.instancesOfStudy(s.study().studyInstanceUid())).as("instances of one study").hasSize(expected);
        }
        assertThat(after.counter("gbscan.outbox.objects.sent", "destination", "PACS1").count()).as("objects sent once")
                .isEqualTo(3 + 3 + 2);
        assertThat(outboxEntries()).isEmpty();
    }

    @Test
    void keepsAStudyUntilEveryDestinationHasItAndSendsEachDestinationItsObjectsOnce() throws Exception {
        OrthancPacs up = track(new OrthancPacs(dir.resolve("a"), "PACSA", java.util.Map.of())).start();
        OrthancPacs down = track(new OrthancPacs(dir.resolve("b"), "PACSB", java.util.Map.of()));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Outbox outbox = startOutbox(List.of(destination(up), destination(down)), metrics);
        StudyResult result = StudyResults.of(0.8, 0.6);

        new ResultWriter(outbox, settings(3)).write(result);

        await().atMost(Duration.ofSeconds(20)).until(() -> up.instancesOfStudy(result.study().studyInstanceUid()).size() == 3
                && metrics.counter("gbscan.outbox.send.failures", "destination", "PACSB").count() >= 2);
        assertThat(outbox.depth()).isEqualTo(1);
        assertThat(outbox.oldestAge()).isPositive();

        down.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        assertThat(down.instancesOfStudy(result.study().studyInstanceUid())).hasSize(3);
        assertThat(metrics.counter("gbscan.outbox.objects.sent", "destination", "PACSA").count()).isEqualTo(3.0);
        assertThat(metrics.counter("gbscan.outbox.objects.sent", "destination", "PACSB").count()).isEqualTo(3.0);
    }

    /**
     * Issue 16: one sender thread and no read timeout meant that a PACS which accepts TCP and never answers
     * stopped every export. Now each destination has its own sender, and the hung one times out and retries.
     */
    @Test
    void aPacsThatAcceptsAndNeverAnswersDelaysNoOtherDestinationAndTimesOut() throws Exception {
        OrthancPacs up = track(new OrthancPacs(dir.resolve("a"), "PACSA", java.util.Map.of())).start();
        SilentPeer hung = SilentPeer.start();
        try {
            Destination hungPacs = new Destination("HUNG", "127.0.0.1", hung.port());
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Outbox outbox = new Outbox(dir.resolve("outbox"), List.of(hungPacs, destination(up)),
                    new StoreScuSender("GBSCAN", Duration.ofSeconds(2), Duration.ofSeconds(10)), FAST, metrics, Clock.systemUTC());
            outbox.start();
            track(outbox);
            ResultWriter writer = new ResultWriter(outbox, settings(1));
            List<StudyResult> studies = List.of(StudyResults.of(0.9), StudyResults.of(0.2), StudyResults.of(0.6));
            for (StudyResult s : studies) {
                writer.write(s);
            }

            await("every study at the working PACS").atMost(Duration.ofSeconds(20)).until(() -> studies.stream()
                    .allMatch(s -> up.instancesOfStudy(s.study().studyInstanceUid()).size() == 2));
            // ... while the hung PACS still holds its sender's first attempt: it was reached and never answered
            assertThat(hung.connections()).isGreaterThanOrEqualTo(1);
            assertThat(hung.openConnections()).isGreaterThanOrEqualTo(1);
            assertThat(metrics.counter("gbscan.outbox.send.failures", "destination", "HUNG").count()).isZero();

            await("the hung attempt times out and is retried").atMost(Duration.ofSeconds(30))
                    .until(() -> metrics.counter("gbscan.outbox.send.failures", "destination", "HUNG").count() >= 1);
            assertThat(outbox.health().lastError()).contains("HUNG").contains("timed out");
            assertThat(outbox.depth()).as("studies still owed to the hung PACS").isEqualTo(3);
        } finally {
            hung.close(); // ends a pending attempt at once, so closing the outbox does not wait for its timeout
        }
    }

    /**
     * Issue 16: with no PACS configured (or one that never confirms) the outbox kept every result forever.
     * Now nothing outlives reporting.outbox.maxAge, and the bytes held are a metric.
     */
    @Test
    void resultsAreDeletedAtTheMaximumAgeConfirmedOrNotAndTheBytesHeldAreMeasured() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-01T08:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Outbox outbox = track(new Outbox(dir.resolve("outbox"), List.of(), new StoreScuSender("GBSCAN"), FAST, metrics,
                clock, Duration.ofDays(7)));
        outbox.start();
        ResultWriter writer = new ResultWriter(outbox, settings(1));
        writer.write(StudyResults.of(0.9));
        now.set(now.get().plus(Duration.ofDays(6)));
        writer.write(StudyResults.of(0.3));

        assertThat(outbox.sweep()).as("deleted at 6 days").isZero();
        assertThat(outbox.depth()).isEqualTo(2);
        long twoStudies = outbox.bytesHeld();
        assertThat(twoStudies).isGreaterThan(10_000);
        assertThat(metrics.get("gbscan.storage.bytes").tag("area", "outbox").gauge().value()).isEqualTo((double) twoStudies);

        now.set(now.get().plus(Duration.ofDays(1)).plusSeconds(1)); // the first is now 7 days and a second old
        assertThat(outbox.sweep()).isEqualTo(1);
        assertThat(outbox.depth()).isEqualTo(1);
        assertThat(outboxEntries()).hasSize(1);
        assertThat(outbox.bytesHeld()).isPositive().isLessThan(twoStudies);
        assertThat(metrics.counter("gbscan.outbox.expired").count()).isEqualTo(1.0);

        now.set(now.get().plus(Duration.ofDays(30)));
        assertThat(outbox.sweep()).isEqualTo(1);
        assertThat(outboxEntries()).isEmpty();
        assertThat(outbox.bytesHeld()).isZero();
    }

    @Test
    void retriesAPacsThatRefusesTheAssociationAndShowsWhyInHealth() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "PACS1", java.util.Map.of())).start();
        Destination wrongAe = new Destination("NOT_PACS1", "127.0.0.1", destination(pacs).port());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Outbox outbox = startOutbox(List.of(wrongAe), metrics);

        new ResultWriter(outbox, settings(1)).write(StudyResults.of(0.5));

        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.counter("gbscan.outbox.send.failures", "destination", "NOT_PACS1").count() >= 3);
        OutboxHealth health = outbox.health();
        assertThat(health.depth()).isEqualTo(1);
        assertThat(health.lastError()).contains("NOT_PACS1");
        assertThat(health.lastErrorAt()).isNotNull();
        assertThat(metrics.get("gbscan.outbox.depth").gauge().value()).isEqualTo(1.0);
        assertThat(outboxEntries()).hasSize(1);
    }

    @Test
    void discardsAStagingFolderThatACrashLeftHalfWrittenAndKeepsCommittedEntries() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "PACS1", java.util.Map.of()));
        Outbox first = startOutbox(List.of(destination(pacs)), new SimpleMeterRegistry());
        new ResultWriter(first, settings(1)).write(StudyResults.of(0.4));
        first.close();
        open.remove(first);
        Path halfWritten = Files.createDirectories(dir.resolve("outbox").resolve(".staging-crashed"));
        Files.write(halfWritten.resolve("sr.dcm"), new byte[] {1, 2, 3});

        Outbox restarted = startOutbox(List.of(destination(pacs)), new SimpleMeterRegistry());

        assertThat(halfWritten).doesNotExist();
        assertThat(restarted.depth()).isEqualTo(1);
    }

    private Outbox startOutbox(List<Destination> destinations, SimpleMeterRegistry metrics) throws Exception {
        Outbox outbox = new Outbox(dir.resolve("outbox"), destinations, new StoreScuSender("GBSCAN"), FAST, metrics,
                Clock.systemUTC());
        outbox.start();
        return track(outbox);
    }

    private ReportingSettings settings(int topK) {
        return new ReportingSettings(dir.resolve("outbox"), List.of(), "GBSCAN", FAST, topK, "test-station");
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private List<Path> outboxEntries() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
            return s.toList();
        }
    }

    private Path writeTemp(byte[] bytes) throws Exception {
        Path f = Files.createTempFile(dir, "read", ".dcm");
        Files.write(f, bytes);
        return f;
    }

    private static List<Double> numbers(ContentItem item) {
        List<Double> out = new ArrayList<>();
        if (item instanceof ContentItem.Num n && n.conceptName().sameConceptAs(ReportCodes.BA_PROBABILITY)) {
            out.add(n.value());
        }
        item.children().forEach(c -> out.addAll(numbers(c)));
        return out;
    }

    /** Where the outbox sends to reach this PACS; valid whether or not it is running. */
    private static Destination destination(OrthancPacs pacs) {
        return new Destination(pacs.aeTitle(), "127.0.0.1", pacs.dicomPort());
    }
}
