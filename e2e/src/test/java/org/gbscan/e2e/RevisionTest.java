package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.reporting.sr.StudyReports;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a study that gains an image after it was reported is scored again, and the PACS must show the
 * new result although it keeps the first copy of every SOP Instance UID (the suite's Orthanc runs with
 * OverwriteInstances false, as hospitals do): the new SR has a new UID and names the old one as predecessor.
 */
class RevisionTest {
    @Test
    void aStudyResentWithOneMoreImageGetsANewSrNamingTheOldOneAndTheFhirReportIsUpdatedInPlace() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("revision");
        PacsRoundTripTest.deleteTree(home);
        Suite.PhantomStudy study = Suite.phantomStudies(3, 306).stream().filter(s -> s.files().size() >= 2)
                .findFirst().orElseThrow();
        List<Path> firstImages = study.files().subList(0, study.files().size() - 1);
        String uid = study.studyInstanceUid();
        try (GbscanProcess gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start()) {
            IGenericClient fhir = FhirReports.client(gbscan);
            Suite.storescu(gbscan.dicomPort(), firstImages);
            await("first results in the PACS").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Results.in(pacs, uid).complete());
            Results first = Results.in(pacs, uid);
            assertThat(first.srInstances()).isEqualTo(1);
            SrDocument firstSr = srs(pacs, uid).get(0);
            DiagnosticReport firstReport = report(fhir, uid);
            assertThat(firstReport.getMeta().getVersionId()).isEqualTo("1");

            Suite.storescu(gbscan.dicomPort(), study.files()); // the whole study again, now with one more image

            await("the second revision's SR in the PACS").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Results.in(pacs, uid).srInstances() == 2);
            SrDocument secondSr = srs(pacs, uid).stream().filter(sr -> !sr.predecessors().isEmpty()).findFirst().orElseThrow();
            assertThat(secondSr.ref().sopInstanceUid()).isNotEqualTo(firstSr.ref().sopInstanceUid());
            assertThat(secondSr.predecessors()).containsExactly(EvidenceRef.of(firstSr.ref()));
            assertThat(secondSr.currentEvidence()).hasSize(study.files().size());
            assertThat(firstSr.currentEvidence()).hasSize(firstImages.size());
            await("the new captures in the PACS").atMost(Duration.ofSeconds(30))
                    .until(() -> Results.in(pacs, uid).scInstances() > first.scInstances());

            await("the FHIR report updated").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> report(fhir, uid).getMeta().getVersionId().equals("2"));
            DiagnosticReport updated = report(fhir, uid);
            assertThat(updated.getIdElement().getIdPart()).isEqualTo(firstReport.getIdElement().getIdPart());
            Observation observation = fhir.read().resource(Observation.class)
                    .withUrl(updated.getResultFirstRep().getReference()).execute();
            assertThat(observation.getValueQuantity().getValue().doubleValue())
                    .isCloseTo(StudyReports.studyProbability(secondSr).orElseThrow(), Offset.offset(1e-6));
        }
    }

    private static List<SrDocument> srs(OrthancPacs pacs, String studyUid) throws Exception {
        return Results.srs(pacs, studyUid);
    }

    private static DiagnosticReport report(IGenericClient fhir, String studyUid) {
        List<DiagnosticReport> reports = FhirReports.awaitAny(fhir, studyUid);
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }
}
