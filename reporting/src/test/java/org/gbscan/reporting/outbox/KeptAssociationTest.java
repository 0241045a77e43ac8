package org.gbscan.reporting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.core.testing.ForgetfulRelay;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.phantom.pacs.StoreScpPacs;
import org.gbscan.reporting.ReportingSettings;
import org.gbscan.reporting.ResultWriter;
import org.gbscan.reporting.testing.StudyResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the outbox keeps an association open per destination for the next study's results, sends results
 * that queued up together, and copes with a PACS (or a box on the way) that ends an association while it is
 * idle: the objects go out on a new association at once, none is lost and none is counted twice. DCMTK
 * storescp and Orthanc are the PACSs.
 */
class KeptAssociationTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void sendsStudyAfterStudyOverOneAssociation() throws Exception {
        StoreScpPacs pacs = track(new StoreScpPacs(dir.resolve("scp"), "STORESCP")).start();
        Outbox outbox = start(destination(pacs), Duration.ofSeconds(60),
                new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics));
        ResultWriter writer = new ResultWriter(outbox, settings(1));

        for (int i = 0; i < 3; i++) {
            writer.write(StudyResults.of(0.2 + i * 0.3));
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        }

        assertThat(pacs.associations()).as("associations storescp received").isEqualTo(1);
        assertThat(pacs.storeRequests()).as("C-STORE requests: SR + one CAM image per study, once each").isEqualTo(6);
        assertThat(pacs.files()).hasSize(6);
        assertThat(counter("gbscan.outbox.associations.opened", "STORESCP")).isEqualTo(1.0);
        assertThat(pacs.openAssociations()).as("still open for the next study").isEqualTo(1);
    }

    @Test
    void releasesTheAssociationOnceItHasBeenIdleForTheConfiguredTime() throws Exception {
        StoreScpPacs pacs = track(new StoreScpPacs(dir.resolve("scp"), "STORESCP")).start();
        Outbox outbox = start(destination(pacs), Duration.ofSeconds(1),
                new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics));

        new ResultWriter(outbox, settings(1)).write(StudyResults.of(0.5));
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);

        await("released after 1 s idle").atMost(Duration.ofSeconds(30)).until(() -> pacs.openAssociations() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> releases(pacs) == 1);
        assertThat(counter("gbscan.outbox.associations.lost", "STORESCP")).as("ended by us, not by the PACS").isZero();
    }

    @Test
    void withNoIdleTimeEachSendHasItsOwnAssociation() throws Exception {
        StoreScpPacs pacs = track(new StoreScpPacs(dir.resolve("scp"), "STORESCP")).start();
        Outbox outbox = start(destination(pacs), Duration.ZERO, new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics));
        ResultWriter writer = new ResultWriter(outbox, settings(1));

        for (int i = 0; i < 2; i++) {
            writer.write(StudyResults.of(0.4));
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> pacs.openAssociations() == 0);
        }

        assertThat(pacs.associations()).isEqualTo(2);
        assertThat(pacs.storeRequests()).isEqualTo(4);
    }

    @Test
    void resultsThatQueuedUpGoOutTogetherInOneAssociation() throws Exception {
        StoreScpPacs pacs = track(new StoreScpPacs(dir.resolve("scp"), "STORESCP")).start();
        List<Integer> callSizes = new CopyOnWriteArrayList<>();
        StoreScuSender scu = new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics);
        Sender recording = new Sender() {
            @Override
            public List<Path> send(Destination destination, List<Path> files) throws DicomNetException {
                callSizes.add(files.size());
                return scu.send(destination, files);
            }

            @Override
            public void release(Destination destination) {
                scu.release(destination);
            }
        };
        Outbox outbox = track(new Outbox(dir.resolve("outbox"), List.of(destination(pacs)), recording, FAST, metrics,
                Clock.systemUTC(), Outbox.DEFAULT_MAX_AGE, Map.of()));
        ResultWriter writer = new ResultWriter(outbox, settings(1));
        for (int i = 0; i < 5; i++) {
            writer.write(StudyResults.of(0.1 * (i + 1))); // queued while the sender is not yet running
        }

        outbox.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        assertThat(callSizes).as("objects per send call").containsExactly(10);
        assertThat(pacs.associations()).isEqualTo(1);
        assertThat(pacs.storeRequests()).isEqualTo(10);
        assertThat(counter("gbscan.outbox.objects.sent", "STORESCP")).isEqualTo(10.0);
    }

    @Test
    void storescpEndingAnIdleAssociationCostsANewAssociationNotALostOrRepeatedObject() throws Exception {
        StoreScpPacs pacs = track(new StoreScpPacs(dir.resolve("scp"), "STORESCP").idleTimeout(Duration.ofSeconds(1))).start();
        Outbox outbox = start(destination(pacs), Duration.ofSeconds(60),
                new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics));
        ResultWriter writer = new ResultWriter(outbox, settings(2));

        writer.write(StudyResults.of(0.9, 0.8));
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        await("storescp ends the idle association").atMost(Duration.ofSeconds(30)).until(() -> pacs.openAssociations() == 0);
        writer.write(StudyResults.of(0.3, 0.2));
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);

        assertThat(counter("gbscan.outbox.associations.lost", "STORESCP")).as("the ended association was noticed").isEqualTo(1.0);
        assertThat(pacs.associations()).isEqualTo(2);
        assertThat(pacs.storeRequests()).as("3 objects per study, each sent once").isEqualTo(6);
        assertThat(counter("gbscan.outbox.objects.sent", "STORESCP")).isEqualTo(6.0);
        assertThat(counter("gbscan.outbox.send.failures", "STORESCP")).as("no failed attempt, no backoff").isZero();
    }

    @Test
    void orthancEndingAnIdleAssociationCostsANewAssociationNotALostOrRepeatedObject() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "ORTHANC", Map.of()).scpIdleTimeout(Duration.ofSeconds(1))).start();
        Outbox outbox = start(destination(pacs), Duration.ofSeconds(60),
                new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics));
        ResultWriter writer = new ResultWriter(outbox, settings(2));
        StudyResult first = StudyResults.of(0.9, 0.8);
        StudyResult second = StudyResults.of(0.3, 0.2);

        writer.write(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        await("Orthanc ends the idle association").atMost(Duration.ofSeconds(30)).until(() -> pacs.openAssociations() == 0);
        writer.write(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);

        assertThat(counter("gbscan.outbox.associations.lost", "ORTHANC")).as("the ended association was noticed").isEqualTo(1.0);
        assertThat(counter("gbscan.outbox.associations.opened", "ORTHANC")).isEqualTo(2.0);
        assertThat(pacs.instancesOfStudy(first.study().studyInstanceUid())).hasSize(3);
        assertThat(pacs.instancesOfStudy(second.study().studyInstanceUid())).hasSize(3);
        assertThat(counter("gbscan.outbox.objects.sent", "ORTHANC")).isEqualTo(6.0);
        assertThat(counter("gbscan.outbox.send.failures", "ORTHANC")).isZero();
    }

    /**
     * A firewall between us and the PACS forgets the idle connection: nobody is told, our next C-STORE goes
     * nowhere and times out. The objects go out at once on a new association, counted once.
     */
    @Test
    void aConnectionSilentlyDroppedOnTheWayIsReplacedAndItsObjectsSentOnce() throws Exception {
        OrthancPacs pacs = track(new OrthancPacs(dir.resolve("orthanc"), "ORTHANC", Map.of())).start();
        ForgetfulRelay firewall = track(ForgetfulRelay.start("127.0.0.1", pacs.dicomPort()));
        Destination viaFirewall = new Destination("ORTHANC", "127.0.0.1", firewall.port());
        Outbox outbox = start(viaFirewall, Duration.ofSeconds(60),
                new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(4), metrics));
        ResultWriter writer = new ResultWriter(outbox, settings(1));
        StudyResult first = StudyResults.of(0.7);
        StudyResult second = StudyResults.of(0.6);

        writer.write(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);
        firewall.forgetOpenConnections();
        writer.write(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.depth() == 0);

        assertThat(firewall.droppedBytes()).as("the C-STORE that went nowhere").isPositive();
        assertThat(firewall.connections()).isEqualTo(2);
        assertThat(counter("gbscan.outbox.associations.lost", "ORTHANC")).isEqualTo(1.0);
        assertThat(pacs.instancesOfStudy(first.study().studyInstanceUid())).hasSize(2);
        assertThat(pacs.instancesOfStudy(second.study().studyInstanceUid())).hasSize(2);
        assertThat(counter("gbscan.outbox.objects.sent", "ORTHANC")).isEqualTo(4.0);
        assertThat(counter("gbscan.outbox.send.failures", "ORTHANC")).isZero();
    }

    private Outbox start(Destination d, Duration idle, Sender sender) throws Exception {
        Outbox outbox = track(new Outbox(dir.resolve("outbox"), List.of(d), sender, FAST, metrics, Clock.systemUTC(),
                Outbox.DEFAULT_MAX_AGE, Map.of(d, idle)));
        outbox.start();
        return outbox;
    }

    /** Associations storescp saw released (A-RELEASE), not aborted. */
    private static long releases(StoreScpPacs pacs) throws java.io.IOException {
        try (var lines = java.nio.file.Files.lines(pacs.log())) {
            return lines.filter(l -> l.contains("Association Release")).count();
        }
    }

    private double counter(String name, String destination) {
        var c = metrics.find(name).tag("destination", destination).counter();
        return c == null ? 0 : c.count();
    }

    private ReportingSettings settings(int topK) {
        return new ReportingSettings(dir.resolve("outbox"), List.of(), "GBSCAN", FAST, topK, "test-station");
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static Destination destination(StoreScpPacs pacs) {
        return new Destination(pacs.aeTitle(), "127.0.0.1", pacs.dicomPort());
    }

    private static Destination destination(OrthancPacs pacs) {
        return new Destination(pacs.aeTitle(), "127.0.0.1", pacs.dicomPort());
    }
}
