package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.assertj.core.data.Offset;
import org.gbscan.core.dicom.sr.SrReader;
import org.gbscan.core.testing.OrthancServer;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestPki;
import org.gbscan.core.tls.TlsPolicy;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.reporting.sr.StudyReports;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on every hop, as a hospital runs it: DCMTK's {@code echoscu} and {@code storescu +tls} (with a client
 * certificate the listener checks) send a phantom study to {@code listener.tls=true}; gbscan scores it and
 * stores its SR and CAM SC at a PACS over DICOM TLS ({@code reporting.pacs[0].tls=true}); HAPI's client reads
 * the DiagnosticReport over HTTPS ({@code http.tls=true}). Certificates come from a throw-away test PKI.
 *
 * <p>The PACS is a TLS Orthanc of its own, not the suite's: Orthanc's {@code DicomTlsEnabled} turns its one
 * DICOM port into TLS only, which the other tests' clear-text senders cannot speak.
 */
class TlsRoundTripTest {
    private static TestPki pki;
    private static OrthancServer pacs;
    private static GbscanProcess gbscan;
    private static SSLContext trustTestCa;

    @BeforeAll
    static void startATlsPacsAndGbscanWithTlsEverywhere() throws Exception {
        Path home = Suite.root().resolve("tls-round-trip");
        PacsRoundTripTest.deleteTree(home);
        pki = TestPki.create(home.resolve("pki"));
        pacs = OrthancServer.startWithTls(pki.serverCert, pki.serverKey, pki.caCert);
        trustTestCa = TlsPolicy.context(null, TlsPolicy.trustOnly(pki.caCert));
        Map<String, String> config = Suite.gbscanConfig(home);
        config.put("listener.port", Integer.toString(OrthancPacs.freePort()));
        config.put("listener.allowAnyCaller", "false");
        config.put("listener.allowedCallingAes", "MODALITY@127.0.0.1");
        config.put("listener.tls", "true");
        config.put("listener.tls.clientCa", pki.caCert.toString());
        config.put("tls.cert", pki.serverCert.toString());
        config.put("tls.key", pki.serverKey.toString());
        config.put("reporting.pacs[0].ae", pacs.aeTitle());
        config.put("reporting.pacs[0].port", Integer.toString(pacs.dicomPort()));
        config.put("reporting.pacs[0].tls", "true");
        config.put("reporting.pacs[0].tls.trust", pki.caCert.toString());
        config.put("http.tls", "true");
        gbscan = new GbscanProcess(home, config, trustTestCa).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gbscan != null) {
            gbscan.close();
        }
        if (pacs != null) {
            pacs.stop();
        }
    }

    /** DCMTK's TLS options: our client certificate and key, and the CA that signed gbscan's certificate. */
    private static List<String> dcmtkTls() {
        return List.of("+tls", pki.clientKey.toString(), pki.clientCert.toString(), "+cf", pki.caCert.toString());
    }

    @Test
    void aStudySentOverTlsComesBackAsAnSrOverTlsAndAsAFhirReportOverHttps() throws Exception {
        Suite.PhantomStudy study = Suite.uncompressedStudy(908);
        List<String> echo = new ArrayList<>(List.of("echoscu", "-aet", "MODALITY", "-aec", "GBSCAN"));
        echo.addAll(dcmtkTls());
        echo.addAll(List.of("127.0.0.1", Integer.toString(gbscan.dicomPort())));

        Processes.Result echoed = Processes.run(echo);
        Processes.Result stored = Processes.storescu("MODALITY", "GBSCAN", gbscan.dicomPort(), study.files(),
                dcmtkTls().toArray(String[]::new));

        assertThat(echoed.ok()).as(echoed.output()).isTrue();
        assertThat(stored.ok()).as(stored.output()).isTrue();
        await("SR and SC at the TLS PACS").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> modalities(study).containsAll(List.of("SR", "OT")));
        List<Map<String, String>> srs = pacs.instancesOfStudy(study.studyInstanceUid()).stream()
                .filter(i -> "SR".equals(i.get("Modality"))).toList();
        assertThat(srs).hasSize(1);
        Path srFile = Files.write(Files.createTempFile("sr", ".dcm"), pacs.instanceFile(srs.get(0).get("OrthancID")));
        double srProbability = StudyReports.studyProbability(SrReader.read(srFile)).orElseThrow();
        Files.delete(srFile);

        IGenericClient fhir = FhirReports.client(gbscan, trustTestCa);
        List<DiagnosticReport> reports = FhirReports.awaitAny(fhir, study.studyInstanceUid());
        assertThat(reports).hasSize(1);
        DiagnosticReport report = reports.get(0);
        Observation observation = fhir.read().resource(Observation.class).withUrl(report.getResultFirstRep().getReference()).execute();
        assertThat(observation.getValueQuantity().getValue().doubleValue()).isCloseTo(srProbability, Offset.offset(1e-6));
    }

    private static List<String> modalities(Suite.PhantomStudy study) {
        return pacs.instancesOfStudy(study.studyInstanceUid()).stream().map(i -> i.get("Modality")).toList();
    }
}
