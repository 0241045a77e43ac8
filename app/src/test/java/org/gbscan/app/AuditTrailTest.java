package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gbscan.core.Config;
import org.gbscan.core.audit.SyslogSender;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.ScpObserver;
import org.gbscan.core.dicom.net.ScpSettings;
import org.gbscan.core.dicom.net.StoreOutcome;
import org.gbscan.core.dicom.net.StoreScp;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.api.ApiServer;
import org.gbscan.fhir.audit.AuditTrail;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.listener.DicomListener;
import org.gbscan.listener.ListenerSettings;
import org.gbscan.reporting.AuditedSender;
import org.gbscan.reporting.outbox.StoreScuSender;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail with the real parts that feed it: a FHIR search over HTTP, a DICOM association refused by
 * the listener, results sent to a PACS (our own SCP on loopback). Each leaves exactly one AuditEvent, found by
 * {@code GET /fhir/AuditEvent} and received by a syslog listener on UDP.
 */
class AuditTrailTest {
    private static final String TOKEN = "audit-test-token";

    @TempDir
    Path tmp;

    @Test
    void aSearchARefusedAssociationAndASentResultEachLeaveOneAuditEvent() throws Exception {
        List<String> syslog = new CopyOnWriteArrayList<>();
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread collector = collect(receiver, syslog);
            FhirSettings fhir = FhirSettings.from(Config.of(Map.of(
                    "store.jdbcUrl", "jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "http.host", "127.0.0.1", "http.port", "0", "http.token", TOKEN)));
            Vertx vertx = Vertx.vertx();
            try (ReportStore store = ReportStore.open(fhir);
                 AuditTrail audit = new AuditTrail(store, new SyslogSender("127.0.0.1", receiver.getLocalPort(),
                         SyslogSender.Protocol.UDP, "test-site"), "test-site");
                 ApiServer http = new ApiServer(vertx, fhir, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of())
                         .auditTo(audit);
                 DicomListener listener = DicomListener.start(ListenerSettings.from(Config.of(Map.of(
                         "listener.host", "127.0.0.1", "listener.port", "0", "listener.allowedCallingAes", "MODALITY",
                         "listener.spool.dir", tmp.resolve("spool").toString()))), e -> { }, new SimpleMeterRegistry(), audit);
                 StoreScp pacs = StoreScp.start(ScpSettings.loopback("PACS", tmp.resolve("pacs")),
                         (file, ts, ae) -> StoreOutcome.stored(), ScpObserver.NONE)) {
                String base = "http://127.0.0.1:" + http.start() + "/fhir";
                Path result = TestStudies.write(Files.createDirectories(tmp.resolve("results")), Fixtures.study("P-AUDIT"), 1, 16, 16).get(0);

                HttpResponse<String> search = get(base + "/DiagnosticReport?status=final");
                Processes.Result stranger = Processes.echoscu("STRANGER", "GBSCAN", listener.port());
                AuditedSender exporter = new AuditedSender(new StoreScuSender("GBSCAN"), audit, "GBSCAN");
                List<Path> sent = exporter.send(new Destination("PACS", "127.0.0.1", pacs.port()), List.of(result));
                exporter.release(new Destination("PACS", "127.0.0.1", pacs.port())); // the association it kept for the next study
                audit.flush();

                assertThat(search.statusCode()).isEqualTo(200);
                assertThat(stranger.ok()).isFalse();
                assertThat(sent).hasSize(1);
                Bundle trail = Fhir.context().newJsonParser().parseResource(Bundle.class, get(base + "/AuditEvent?_count=10").body());
                List<AuditEvent> events = trail.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
                assertThat(events).hasSize(3);
                AuditEvent export = events.get(0); // newest first
                AuditEvent refused = events.get(1);
                AuditEvent query = events.get(2);
                assertThat(export.getType().getCode()).isEqualTo("110106");
                assertThat(export.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
                assertThat(export.getEntityFirstRep().getWhat().getDisplay()).contains("to PACS");
                assertThat(refused.getType().getCode()).isEqualTo("110122");
                assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
                assertThat(refused.getAgentFirstRep().getWho().getDisplay()).isEqualTo("STRANGER");
                assertThat(refused.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("127.0.0.1");
                assertThat(refused.getOutcomeDesc()).contains("calling-ae-not-allowed");
                assertThat(query.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
                assertThat(query.getAgentFirstRep().getWho().getDisplay()).isEqualTo("static-token");
                assertThat(query.getEntityFirstRep().getWhat().getDisplay()).isEqualTo("GET /fhir/DiagnosticReport?status=final");
                assertThat(events).noneMatch(e -> Fhir.context().newJsonParser().encodeResourceToString(e).contains("P-AUDIT"));

                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> syslog.size() >= 3);
                assertThat(syslog.get(0)).startsWith("<85>1 ").contains(" gbscan - QUERY - ").contains("\"resourceType\":\"AuditEvent\"");
                assertThat(syslog.get(1)).startsWith("<84>1 ").contains(" DICOM_ASSOCIATION ").contains("STRANGER");
                assertThat(syslog.get(2)).startsWith("<85>1 ").contains(" DICOM_EXPORT ");
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
                receiver.close();
                collector.join(2000);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Thread collect(DatagramSocket socket, List<String> into) throws Exception {
        socket.setSoTimeout(200);
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                    into.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    // poll again until the socket closes
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "syslog-receiver");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
