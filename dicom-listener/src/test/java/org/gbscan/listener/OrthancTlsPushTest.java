package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.OrthancServer;
import org.gbscan.core.testing.TestPki;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PACS (Orthanc with DICOM TLS) pushes a study to a TLS listener that checks its client certificate. */
class OrthancTlsPushTest {
    @TempDir
    Path tmp;

    @Test
    void orthancPushesAStudyOverTlsWithAClientCertificateFromTheTrustedCa() throws Exception {
        TestPki pki = TestPki.create(tmp.resolve("pki"));
        OrthancServer orthanc = OrthancServer.startWithTls(pki.serverCert, pki.serverKey, pki.caCert);
        try {
            StudyRef study = Fixtures.study("ORTHANC-TLS");
            List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 3, 32, 32);
            List<String> ids = files.stream().map(orthanc::upload).toList();
            try (ListenerFixture fx = new ListenerFixture(tmp.resolve("spool"), Duration.ofMillis(500), Map.of(
                    "listener.allowedCallingAes", OrthancServer.AE_TITLE + "@127.0.0.1", "listener.tls", "true",
                    "tls.cert", pki.serverCert.toString(), "tls.key", pki.serverKey.toString(),
                    "listener.tls.clientCa", pki.caCert.toString()))) {
                orthanc.putTlsModality("GBSCAN_TLS", "GBSCAN", "127.0.0.1", fx.port());

                orthanc.storeTo("GBSCAN_TLS", ids);

                await().atMost(Duration.ofSeconds(30)).until(() -> fx.events.size() == 1);
                assertThat(fx.events.get(0).files()).hasSize(3);
                assertThat(fx.count("gbscan.listener.instances.received")).isEqualTo(3);
            }
        } finally {
            orthanc.stop();
        }
    }
}
