package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.gbscan.core.testing.LocalPostgres;
import org.gbscan.core.testing.Ports;
import org.gbscan.handoff.HandOff;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18: gbscan scaled out as separate processes, each a real peer: one Artemis broker ({@code gbscan broker}),
 * one listener node, two workers (one inference thread each), PostgreSQL as the shared report store and Orthanc as
 * the PACS; studies sent by DCMTK storescu. A worker killed with SIGKILL mid-study and a broker killed and
 * restarted lose nothing and duplicate nothing; a study that fails on every attempt lands in the dead-letter queue
 * with its reason while the others flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {
    private static final int MAX_ATTEMPTS = 4;
    private static final Duration ALL_RESULTS = Duration.ofMinutes(4);

    private LocalPostgres postgres;
    private OrthancPacs pacs;
    private int brokerPort;
    private GbscanProcess broker;
    private GbscanProcess listener;
    private GbscanProcess workerA;
    private GbscanProcess workerB;

    @BeforeAll
    void startTheCluster() throws Exception {
        Path root = Suite.root().resolve("scale-out");
        PacsRoundTripTest.deleteTree(root);
        postgres = LocalPostgres.start(LocalPostgres.findBinaries()
                .orElseThrow(() -> new AssertionError("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")));
        pacs = Suite.pacs();
        brokerPort = Ports.free();
        broker = GbscanProcess.broker(root.resolve("broker"), brokerPort).start();
        listener = GbscanProcess.serve(root.resolve("listener"), node(root.resolve("listener")), "listener").start();
        workerA = GbscanProcess.serve(root.resolve("worker-a"), worker(root.resolve("worker-a")), "worker").start();
        workerB = GbscanProcess.serve(root.resolve("worker-b"), worker(root.resolve("worker-b")), "worker").start();
    }

    @AfterAll
    void stopTheCluster() throws Exception {
        for (GbscanProcess p : new GbscanProcess[] {workerA, workerB, listener, broker}) {
            if (p != null) {
                p.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private Map<String, String> node(Path home) {
        Map<String, String> c = new HashMap<>(Suite.gbscanConfig(home));
        c.put("store.jdbcUrl", postgres.jdbcUrl());
        c.put("store.user", LocalPostgres.USER);
        c.put("route.broker.url", "tcp://127.0.0.1:" + brokerPort);
        c.put("route.maxAttempts", Integer.toString(MAX_ATTEMPTS));
        c.put("listener.settle", "5s"); // the production settle time

        return c;
    }

    private Map<String, String> worker(Path home) {
        Map<String, String> c = node(home);
        c.put("route.worker.dir", home.resolve("work").toString());
        c.put("route.concurrency", "1");
        c.put("inference.threads", "1");
        return c;
    }

    @Test
    @Order(1)
    void aStudyFailingOnEveryAttemptGoesToTheDeadLetterQueueWithItsReasonWhileTheOthersFlow() throws Exception {
        List<Suite.PhantomStudy> studies = Suite.oneAssociationStudies(5, 308);
        Suite.PhantomStudy poison = studies.get(0);
        List<Suite.PhantomStudy> others = studies.subList(1, studies.size());
        refuseReportsOf(poison.studyInstanceUid()); // the shared store refuses this one study, on every worker, every time

        for (Suite.PhantomStudy study : studies) { // the poisoned study first: the others queue behind it
            Suite.storescu(listener.dicomPort(), study.files());
        }

        IGenericClient fhir = FhirReports.client(listener);
        await("the other studies' results").atMost(ALL_RESULTS).pollInterval(Duration.ofSeconds(1))
                .until(() -> others.stream().allMatch(s -> Results.in(pacs, s.studyInstanceUid()).complete()
                        && FhirReports.of(fhir, s.studyInstanceUid()).size() == 1));
        await("the poisoned study reported as dead-lettered").atMost(ALL_RESULTS).pollInterval(Duration.ofSeconds(1))
                .until(() -> listener.metric("gbscan_studies_dead_lettered_total") == 1.0);

        String health = listener.get("/health").body();
        assertThat(health).contains("1 sent to the dead-letter queue", "refused by the scale-out test");
        assertThat(listener.get("/health").statusCode()).isEqualTo(503);
        await("the dead-letter queue's depth on /metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> listener.metric("gbscan_dead_letter_queue_studies") == 1.0);
        assertThat(FhirReports.of(fhir, poison.studyInstanceUid())).as("no report of the refused study").isEmpty();
        String workerLogs = workerA.log() + workerB.log();
        assertThat(workerLogs).as("every attempt was made").contains("attempt 1 of 4 failed", "attempt 3 of 4 failed")
                .contains("given up after attempt 4");

        // the operator's view: the dead letter itself, with the study and the reason
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        try (Connection c = factory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("gbscan.studies.dead"));
            Message dead = consumer.receive(30_000);
            assertThat(dead).as("a dead letter").isNotNull();
            assertThat(dead.getStringProperty(HandOff.STUDY_UID)).isEqualTo(poison.studyInstanceUid());
            assertThat(dead.getStringProperty(HandOff.REASON)).contains("cannot store the report", "refused by the scale-out test");
            assertThat(consumer.receive(1000)).as("one dead letter").isNull();
        }
        factory.close();
    }

    /** A trigger in the shared PostgreSQL that refuses this study's report, as a database constraint would. */
    private void refuseReportsOf(String studyUid) throws Exception {
        try (java.sql.Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION refuse_report() RETURNS trigger AS $$ BEGIN"
                    + " RAISE EXCEPTION 'report refused by the scale-out test'; END $$ LANGUAGE plpgsql");
            s.execute("CREATE TRIGGER refuse_report BEFORE INSERT OR UPDATE ON report_index FOR EACH ROW"
                    + " WHEN (NEW.study_uid = '" + studyUid + "') EXECUTE FUNCTION refuse_report()");
        }
    }

    @Test
    @Order(2)
    void fortyStudiesThroughAWorkerKilledMidStudyAndABrokerRestartGetOneSrSetAndOneReportVersionEach() throws Exception {
        List<Suite.PhantomStudy> studies = Suite.oneAssociationStudies(40, 307);
        ExecutorService sender = Executors.newSingleThreadExecutor();
        Future<?> sent = sender.submit(() -> {
            for (Suite.PhantomStudy study : studies) {
                Suite.storescu(listener.dicomPort(), study.files());
            }
            return null;
        });

        // worker A is scoring a study (the exchange is open, its message not acknowledged): SIGKILL
        await("worker A scoring a study").atMost(ALL_RESULTS).pollInterval(Duration.ofMillis(100))
                .until(() -> workerA.metric("gbscan_studies_in_flight") >= 1.0);
        workerA.kill9();
        assertThat(workerA.exitCode()).as("worker A died by SIGKILL").isEqualTo(137);
        int doneAtWorkerKill = completed(studies);

        // the broker dies with studies queued and in flight, and comes back on its journal
        await("a third of the studies through").atMost(ALL_RESULTS).pollInterval(Duration.ofMillis(200))
                .until(() -> completed(studies) >= studies.size() / 3);
        broker.kill9();
        assertThat(broker.exitCode()).as("the broker died by SIGKILL").isEqualTo(137);
        int doneAtBrokerKill = completed(studies);
        broker.start();
        workerA.start(); // as its supervisor would: its outbox sends what it had made durable before the kill
        sent.get();
        sender.shutdown();

        IGenericClient fhir = FhirReports.client(listener);
        for (Suite.PhantomStudy study : studies) {
            await("results of every study").atMost(ALL_RESULTS).pollInterval(Duration.ofMillis(500))
                    .until(() -> Results.in(pacs, study.studyInstanceUid()).complete()
                            && FhirReports.of(fhir, study.studyInstanceUid()).size() == 1);
        }
        // a duplicate would show as a second SR instance or a second report version: none appears for a while
        await("no study gets a second SR").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .until(() -> studies.stream().allMatch(s -> Results.in(pacs, s.studyInstanceUid()).srInstances() == 1));
        List<String> versions = new ArrayList<>();
        for (Suite.PhantomStudy study : studies) {
            Results results = Results.in(pacs, study.studyInstanceUid());
            assertThat(results.srInstances()).as("SR instances of one study").isEqualTo(1);
            assertThat(results.scInstances()).as("CAM SCs of one study").isBetween(1, 3);
            List<DiagnosticReport> reports = FhirReports.of(fhir, study.studyInstanceUid());
            assertThat(reports).as("FHIR reports of one study").hasSize(1);
            versions.add(reports.get(0).getMeta().getVersionId());
        }
        assertThat(versions).as("one report version per study").containsOnly("1");
        assertThat(doneAtWorkerKill).as("studies still to come when worker A was killed").isLessThan(studies.size());
        assertThat(doneAtBrokerKill).as("studies still to come when the broker was killed").isLessThan(studies.size());
        assertThat(workerA.log() + workerB.log()).as("the study worker A had in hand was delivered again")
                .containsPattern("delivered again \\(attempt [2-9]");
        await("the listener has marked every study done").atMost(Duration.ofSeconds(60))
                .until(() -> listener.get("/health").body().contains("0 studies pending"));
        await("nothing in the dead-letter queue").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> listener.metric("gbscan_dead_letter_queue_studies") == 0.0);
    }

    private int completed(List<Suite.PhantomStudy> studies) {
        return (int) studies.stream().filter(s -> Results.in(pacs, s.studyInstanceUid()).complete()).count();
    }
}
