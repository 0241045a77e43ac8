package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestPki;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DICOM TLS (PS3.15 B.9, BCP 195) on the listener, against DCMTK's +tls peers and openssl. */
class ListenerTlsTest {
    /** Long enough that a storescu slowed by a busy machine still sends its three instances as one study. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    @TempDir
    static Path shared;
    static TestPki pki;
    @TempDir
    Path tmp;
    ListenerFixture fx;

    @BeforeAll
    static void certificates() throws IOException {
        pki = TestPki.create(shared.resolve("pki"));
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void listener(boolean clientCa) throws IOException {
        listener(clientCa ? pki.caCert : null);
    }

    private void listener(Path clientCa) throws IOException {
        Map<String, String> c = new HashMap<>(Map.of("listener.allowedCallingAes", "MODALITY@127.0.0.1", "listener.tls", "true",
                "tls.cert", pki.serverCert.toString(), "tls.key", pki.serverKey.toString()));
        if (clientCa != null) {
            c.put("listener.tls.clientCa", clientCa.toString());
        }
        fx = new ListenerFixture(tmp.resolve("spool"), SETTLE, c);
    }

    private List<String> tlsWithClientCertificate() {
        return tlsWithClientCertificateOf(pki);
    }

    /** DCMTK presents the client certificate of this PKI and trusts our server certificate. */
    private List<String> tlsWithClientCertificateOf(TestPki clientPki) {
        return List.of("+tls", clientPki.clientKey.toString(), clientPki.clientCert.toString(), "+cf", pki.caCert.toString());
    }

    private List<String> anonymousTls() {
        return List.of("+tla", "+cf", pki.caCert.toString());
    }

    private Processes.Result echo(List<String> tls) {
        List<String> cmd = new java.util.ArrayList<>(List.of("echoscu", "-aet", "MODALITY", "-aec", "GBSCAN"));
        cmd.addAll(tls);
        cmd.addAll(List.of("127.0.0.1", Integer.toString(fx.port())));
        return Processes.run(cmd);
    }

    @Test
    void echoscuAndStorescuSpeakTlsToTheListener() throws IOException {
        listener(false);
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), Fixtures.study("P-TLS"), 3, 16, 16);

        Processes.Result echo = echo(anonymousTls());
        Processes.Result store = Processes.storescu("MODALITY", "GBSCAN", fx.port(), files, tlsWithClientCertificate().toArray(String[]::new));

        assertThat(echo.ok()).as(echo.output()).isTrue();
        assertThat(store.ok()).as(store.output()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() == 1 && fx.events.get(0).files().size() == 3);
        assertThat(fx.count("gbscan.listener.associations", "result", "accepted")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.registry.get("gbscan.listener.associations.active").gauge().value() == 0);
    }

    @Test
    void aClearTextAssociationOnTheTlsPortFails() throws IOException {
        listener(false);

        Processes.Result plain = echo(List.of());

        assertThat(plain.ok()).isFalse();
        assertThat(fx.count("gbscan.listener.associations", "result", "rejected", "reason", "tls-handshake-failed")).isEqualTo(1);
    }

    @Test
    void aTls10ClientIsRefused() throws IOException {
        listener(false);

        // SECLEVEL=0 lets openssl 3 offer TLS 1.0 at all; our side must still say no
        Processes.Result tls10 = sClient("-tls1 -cipher DEFAULT@SECLEVEL=0");
        Processes.Result tls12 = sClient("-tls1_2");

        assertThat(tls10.output()).contains("alert protocol version").contains("Cipher is (NONE)");
        assertThat(tls12.output()).contains("Verify return code: 0 (ok)").containsPattern("Cipher is ECDHE-RSA-AES(128|256)-GCM");
    }

    /** openssl s_client with stdin closed, so it ends after the handshake. */
    private Processes.Result sClient(String options) {
        return Processes.run(List.of("bash", "-c", "openssl s_client -connect 127.0.0.1:" + fx.port() + " " + options
                + " -CAfile " + pki.caCert + " < /dev/null"), Map.of(), 30);
    }

    @Test
    void withAClientCaOnlyAPeerWithACertificateFromItGetsIn() throws IOException {
        listener(true);

        Processes.Result withoutCertificate = echo(anonymousTls());
        Processes.Result withCertificate = echo(tlsWithClientCertificate());

        assertThat(withoutCertificate.ok()).isFalse();
        assertThat(withCertificate.ok()).as(withCertificate.output()).isTrue();
    }

    @Test
    void aChangedClientCaFileAppliesWithoutARestart() throws IOException {
        TestPki newCa = TestPki.create(tmp.resolve("new-ca"));
        Path clientCa = Files.copy(pki.caCert, tmp.resolve("client-ca.pem"));
        listener(clientCa);
        Processes.Result before = echo(tlsWithClientCertificateOf(newCa));

        // the hospital's PKI replaces the file (a new name moved over the old one, as configuration tools do)
        Path next = Files.copy(newCa.caCert, tmp.resolve("client-ca.pem.new"));
        Files.setLastModifiedTime(next, FileTime.from(Files.getLastModifiedTime(clientCa).toInstant().plusSeconds(2)));
        Files.move(next, clientCa, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(before.ok()).as("a certificate from the new CA before the change").isFalse();
        assertThat(fx.count("gbscan.listener.associations", "result", "rejected", "reason", "tls-handshake-failed")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> echo(tlsWithClientCertificateOf(newCa)).ok());
        Processes.Result oldCa = echo(tlsWithClientCertificate());
        assertThat(oldCa.ok()).as("a certificate from the withdrawn CA after the change").isFalse();
    }
}
