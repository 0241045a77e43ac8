package org.gbscan.fhir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.gbscan.core.Config;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestPki;
import org.gbscan.core.tls.TlsPolicy;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.store.ReportStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** http.tls=true: HTTPS only, BCP 195 protocols, certificate reloaded when its files change; curl as the client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsTest {
    private static final String TOKEN = "https-test-token";
    private Vertx vertx;
    private ReportStore store;
    private ApiServer server;
    private TestPki pki;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        FhirSettings settings = FhirSettings.from(Config.of(Map.of(
                "store.jdbcUrl", "jdbc:h2:mem:https-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "http.host", "127.0.0.1", "http.port", "0", "http.token", TOKEN, "http.tls", "true",
                "tls.cert", pki.serverCert.toString(), "tls.key", pki.serverKey.toString())));
        store = ReportStore.open(settings);
        vertx = Vertx.vertx();
        server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
        port = server.start();
    }

    @AfterAll
    void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    private Processes.Result curl(String... options) {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
        cmd.addAll(List.of(options));
        return Processes.run(cmd, Map.of(), 30);
    }

    @Test
    void curlWithTheCaReadsOverHttpsAndTheTokenStillApplies() {
        Processes.Result metadata = curl("--cacert", pki.caCert.toString(), "https://localhost:" + port + "/fhir/metadata");
        Processes.Result noToken = curl("--cacert", pki.caCert.toString(), "https://localhost:" + port + "/fhir/DiagnosticReport");
        Processes.Result withToken = curl("--cacert", pki.caCert.toString(), "-H", "Authorization: Bearer " + TOKEN,
                "https://localhost:" + port + "/fhir/DiagnosticReport");

        assertThat(metadata.output()).as(metadata.output()).isEqualTo("200");
        assertThat(noToken.output()).isEqualTo("401");
        assertThat(withToken.output()).isEqualTo("200");
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoAnswer() {
        Processes.Result plain = curl("http://127.0.0.1:" + port + "/fhir/metadata");

        assertThat(plain.ok()).isFalse();
        assertThat(plain.output()).contains("Empty reply from server").endsWith("000");
    }

    @Test
    void aTls10ClientIsRefused() {
        Processes.Result tls10 = curl("--cacert", pki.caCert.toString(), "--tlsv1.0", "--tls-max", "1.0",
                "--ciphers", "DEFAULT@SECLEVEL=0", "https://localhost:" + port + "/fhir/metadata");

        assertThat(tls10.ok()).isFalse();
        assertThat(tls10.output()).contains("alert protocol version").endsWith("000");
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        BigInteger before = servedSerial();

        pki.issue("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> !servedSerial().equals(before));
    }

    private BigInteger servedSerial() throws Exception {
        SSLContext context = TlsPolicy.context(null, TlsPolicy.trustOnly(pki.caCert));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
