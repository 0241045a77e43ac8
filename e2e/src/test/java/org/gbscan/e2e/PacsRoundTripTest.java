package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.core.dicom.sr.SrReader;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.reporting.sr.StudyReports;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orthanc pushes studies to gbscan; the SR and CAM SC come back into the same study; FHIR agrees with the SR. */
class PacsRoundTripTest {
    private static GbscanProcess gbscan;
    private static List<Suite.PhantomStudy> studies;

    @BeforeAll
    static void startGbscanAndSendStudiesFromThePacs() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("round-trip");
        deleteTree(home);
        gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start();
        studies = Suite.phantomStudies(4, 301);
        for (Suite.PhantomStudy study : studies) {
            for (Path file : study.files()) {
                pacs.upload(file);
            }
            pacs.sendStudy("GBSCAN", study.studyInstanceUid());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gbscan != null) {
            gbscan.close();
        }
    }

    @Test
    void resultsArriveInTheSameStudyAndTheSrAgreesWithFhir() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        for (Suite.PhantomStudy study : studies) {
            await("SR and SC for a study").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Results.in(pacs, study.studyInstanceUid()).complete());
        }
        IGenericClient fhir = FhirReports.client(gbscan);
        for (Suite.PhantomStudy study : studies) {
            OrthancPacs.Series srSeries = pacs.series(study.studyInstanceUid()).stream()
                    .filter(s -> s.modality().equals("SR")).findFirst().orElseThrow();
            assertThat(srSeries.instanceIds()).hasSize(1);
            Path srFile = Files.write(Files.createTempFile("sr", ".dcm"), pacs.file(srSeries.instanceIds().get(0)));
            SrDocument sr = SrReader.read(srFile);
            assertThat(sr.ref().study().studyInstanceUid()).isEqualTo(study.studyInstanceUid());
            double srProbability = StudyReports.studyProbability(sr).orElseThrow();

            List<DiagnosticReport> reports = FhirReports.awaitAny(fhir, study.studyInstanceUid());
            assertThat(reports).hasSize(1);
            DiagnosticReport report = reports.get(0);
            Observation observation = fhir.read().resource(Observation.class)
                    .withUrl(report.getResultFirstRep().getReference()).execute();
            assertThat(observation.getValueQuantity().getValue().doubleValue()).isCloseTo(srProbability,
                    org.assertj.core.data.Offset.offset(1e-6));

            OrthancPacs.Series scSeries = pacs.series(study.studyInstanceUid()).stream()
                    .filter(s -> s.modality().equals("OT")).findFirst().orElseThrow();
            byte[] png = pacs.previewPng(scSeries.instanceIds().get(0));
            assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
