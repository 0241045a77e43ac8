package org.gbscan.reporting.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.OrthancServer;
import org.gbscan.core.testing.TestPki;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.reporting.outbox.StoreScuSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Results to a PACS over DICOM TLS: Orthanc with DicomTlsEnabled as the PACS, our certificate as the client's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSenderTest {
    private TestPki pki;
    private OrthancServer orthanc;
    private Destination pacs;
    private Path results;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        orthanc = OrthancServer.startWithTls(pki.serverCert, pki.serverKey, pki.caCert);
        pacs = new Destination(OrthancServer.AE_TITLE, "127.0.0.1", orthanc.dicomPort());
        results = Files.createDirectories(dir.resolve("results"));
    }

    @AfterAll
    void stop() {
        orthanc.stop();
    }

    @Test
    void storesAtATlsPacsThatItsTrustStoreVouchesFor() throws Exception {
        List<Path> files = TestStudies.write(results, Fixtures.study("P-TLS-OUT"), 2, 16, 16);
        TlsSender sender = new TlsSender(new StoreScuSender("GBSCAN"),
                Map.of(pacs, ClientTls.load(pki.caCert, pki.clientCert, pki.clientKey)));

        List<Path> stored = sender.send(pacs, files);
        sender.release(pacs);

        assertThat(stored).containsExactlyInAnyOrderElementsOf(files);
        assertThat(orthanc.instanceIds()).hasSizeGreaterThanOrEqualTo(2);
    }

    /** Issue 18: the tunnel lives as long as the association the outbox keeps open for the next study. */
    @Test
    void keepsTheTunnelAndItsAssociationForTheNextSend() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        TlsSender sender = new TlsSender(new StoreScuSender("GBSCAN", Duration.ofSeconds(5), Duration.ofSeconds(30), metrics),
                Map.of(pacs, ClientTls.load(pki.caCert, pki.clientCert, pki.clientKey)));
        List<Path> first = TestStudies.write(results, Fixtures.study("P-TLS-KEPT-1"), 1, 16, 16);
        org.gbscan.core.StudyRef secondStudy = Fixtures.study("P-TLS-KEPT-2");
        List<Path> second = TestStudies.write(results, secondStudy, 1, 16, 16);

        assertThat(sender.send(pacs, first)).containsExactlyElementsOf(first);
        assertThat(sender.send(pacs, second)).containsExactlyElementsOf(second);
        sender.release(pacs);

        assertThat(metrics.counter("gbscan.outbox.associations.opened", "destination", OrthancServer.AE_TITLE).count())
                .as("TLS associations opened for two sends").isEqualTo(1.0);
        assertThat(orthanc.instancesOfStudy(secondStudy.studyInstanceUid())).hasSize(1);
    }

    @Test
    void theSamePacsRefusesAClearTextAssociation() {
        List<Path> files = TestStudies.write(results, Fixtures.study("P-PLAIN"), 1, 16, 16);

        assertThatThrownBy(() -> new StoreScuSender("GBSCAN").send(pacs, files)).isInstanceOf(DicomNetException.class);
    }

    @Test
    void refusesAPacsWhoseCertificateComesFromAnotherCa(@TempDir Path other) throws Exception {
        TestPki stranger = TestPki.create(other);
        List<Path> files = TestStudies.write(results, Fixtures.study("P-TLS-BAD"), 1, 16, 16);
        TlsSender sender = new TlsSender(new StoreScuSender("GBSCAN"), Map.of(pacs, ClientTls.load(stranger.caCert, null, null)));

        assertThatThrownBy(() -> sender.send(pacs, files)).isInstanceOf(DicomNetException.class);
    }

    @Test
    void aPacsWithoutTlsIsStillReachedDirectly() throws Exception {
        TlsSender sender = new TlsSender((d, f) -> List.of(Path.of("direct:" + d.port())), Map.of());

        assertThat(sender.send(pacs, List.of()).get(0).toString()).isEqualTo("direct:" + pacs.port());
    }
}
