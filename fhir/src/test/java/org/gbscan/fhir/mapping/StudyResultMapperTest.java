package org.gbscan.fhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Patient;
import org.gbscan.core.Refusal;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.FhirValidation;
import org.gbscan.fhir.TestStudies;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class StudyResultMapperTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final StudyResultMapper mapper = new StudyResultMapper(ZONE, FhirSettings.DEFAULT_PATIENT_ID_SYSTEM);

    @Test
    void everyResourceOfASuspectedStudyPassesTheR4Validator() {
        MappedReport mapped = mapper.map(TestStudies.result("suspected", "PID-0001", "20250214", 0.91, 0.72, 0.64));
        for (Resource r : mapped.all()) {
            assertThat(FhirValidation.errors(r)).as(r.fhirType() + " " + FhirValidation.all(r)).isEmpty();
        }
    }

    @Test
    void anAnonymisedStudyWithoutDateStillMapsToValidResources() {
        StudyRef study = new StudyRef(org.gbscan.core.Uids.derive("anon"), Patient.UNKNOWN, "", "", "", "", "");
        MappedReport mapped = mapper.map(TestStudies.result(study, TestStudies.MODEL, Instant.now(), 0.1));
        for (Resource r : mapped.all()) {
            assertThat(FhirValidation.errors(r)).as(r.fhirType() + " " + FhirValidation.all(r)).isEmpty();
        }
        assertThat(mapped.patient().hasIdentifier()).isFalse();
        assertThat(mapped.report().hasEffective()).isFalse();
    }

    @Test
    void theReportCarriesStudyUidSubjectDatesConclusionAndResult() {
        StudyResult result = TestStudies.result("r1", "PID-0001", "20250214", 0.9, 0.8);
        MappedReport m = mapper.map(result);
        DiagnosticReport report = m.report();

        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(report.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(report.getIdentifierFirstRep().getSystem()).isEqualTo("urn:dicom:uid");
        assertThat(report.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + result.study().studyInstanceUid());
        assertThat(report.getSubject().getReference()).isEqualTo("Patient/" + m.patient().getIdPart());
        assertThat(m.patient().getIdentifierFirstRep().getValue()).isEqualTo("PID-0001");
        assertThat(report.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2025-02-14T10:30:00+08:00");
        assertThat(report.getIssued().toInstant()).isEqualTo(result.scoredAt());
        assertThat(report.getConclusion()).contains("Biliary atresia suspected").contains("85.00 %");
        assertThat(report.getConclusionCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("77480004");
        assertThat(report.getResultFirstRep().getReference()).isEqualTo("Observation/" + m.observation().getIdPart());
        assertThat(report.getImagingStudyFirstRep().getReference()).isEqualTo("ImagingStudy/" + m.imagingStudy().getIdPart());
        assertThat(m.imagingStudy().getNumberOfInstances()).isEqualTo(2);
    }

    @Test
    void theObservationHoldsTheUnroundedProbabilityWithInterpretationSourceAndDevice() {
        MappedReport m = mapper.map(TestStudies.result("r2", "PID-0002", "20250214", 0.2, 0.3));
        Observation obs = m.observation();
        Quantity q = obs.getValueQuantity();

        // frames scored 0.2 and 0.3: the study probability is their mean, carried unrounded (UCUM "1")
        assertThat(q.getValue().doubleValue()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(q.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(q.getCode()).isEqualTo("1");
        assertThat(obs.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("NEG");
        assertThat(obs.getDerivedFromFirstRep().getReference()).isEqualTo("ImagingStudy/" + m.imagingStudy().getIdPart());
        assertThat(obs.getDevice().getReference()).isEqualTo("Device/" + m.device().getIdPart());
        assertThat(m.device().getManufacturer()).isEqualTo("gbscan");
        assertThat(m.device().getDeviceNameFirstRep().getName()).isEqualTo("gbscan-se-resnet");
        assertThat(m.device().getVersionFirstRep().getValue()).isEqualTo("1.2.0");
        assertThat(m.report().getConclusionCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("428263003");
    }

    @Test
    void aNotAssessableStudyIsAFinalValidReportThatSaysWhyWithAnObservationThatHasNoValue() {
        Refusal refusal = new Refusal(Refusal.Reason.SCREENSHOT, "flat background 71% of the image");
        StudyResult result = TestStudies.notAssessable(TestStudies.study("refused", "PID-7", "20250214", "103000"),
                Instant.parse("2025-03-01T12:00:00Z"), refusal, 2);
        MappedReport m = mapper.map(result);
        for (Resource r : m.all()) {
            assertThat(FhirValidation.errors(r)).as(r.fhirType() + " " + FhirValidation.all(r)).isEmpty();
        }

        DiagnosticReport report = m.report();
        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(report.getConclusion()).startsWith("not assessable: " + Refusal.Reason.SCREENSHOT.text())
                .contains("flat background 71%").doesNotContain("suspected");
        assertThat(report.getConclusionCode()).extracting(c -> c.getCodingFirstRep().getSystem() + "|" + c.getCodingFirstRep().getCode())
                .containsExactly(FhirCodes.SNOMED + "|373068000", FhirCodes.GBSCAN_CODES + "|screenshot");
        assertThat(report.getResultFirstRep().getReference()).isEqualTo("Observation/" + m.observation().getIdPart());

        Observation obs = m.observation();
        assertThat(obs.hasValue()).isFalse();
        assertThat(obs.getDataAbsentReason().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/data-absent-reason");
        assertThat(obs.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unsupported");
        assertThat(obs.getDataAbsentReason().getText()).isEqualTo(refusal.message());
        assertThat(obs.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("IND");
        assertThat(obs.getMethod().getText()).contains("refused all 2 frame(s)");
        assertThat(m.imagingStudy().getNumberOfInstances()).isEqualTo(2);
    }

    @Test
    void aPartlyRefusedStudyIsScoredOverItsScoredFramesAndSaysHowManyWereRefused() {
        StudyRef study = TestStudies.study("partly", "PID-8", "20250214", "103000");
        StudyResult scored = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-03-01T12:00:00Z"), 0.2, 0.4);
        java.util.List<org.gbscan.core.FrameScore> frames = new java.util.ArrayList<>(scored.frames());
        frames.add(org.gbscan.core.FrameScore.refused(frames.get(0).frame(), new Refusal(Refusal.Reason.BLANK, "")));
        StudyResult partly = new StudyResult(study, scored.sources(), frames, 0.3, org.gbscan.core.Label.NON_BA,
                TestStudies.MODEL, scored.scoredAt());

        Observation obs = mapper.map(partly).observation();
        assertThat(obs.getValueQuantity().getValue().doubleValue()).isEqualTo(0.3);
        assertThat(obs.getMethod().getText()).contains("over 2 scored frame(s) (1 refused by the quality gate)");
        assertThat(FhirValidation.errors(obs)).isEmpty();
    }

    @Test
    void mappingTheSameResultTwiceGivesIdenticalResources() {
        StudyResult result = TestStudies.result("same", "PID-3", "20250101", 0.4, 0.7);
        var parser = Fhir.context().newJsonParser();
        MappedReport a = mapper.map(result);
        MappedReport b = mapper.map(result);
        for (int i = 0; i < a.all().size(); i++) {
            assertThat(parser.encodeResourceToString(b.all().get(i))).isEqualTo(parser.encodeResourceToString(a.all().get(i)));
        }
    }

    @Test
    void aNewModelVersionGetsItsOwnReportButSharesStudyAndPatient() {
        StudyRef study = TestStudies.study("versions", "PID-9", "20250101", "");
        ModelInfo next = new ModelInfo(TestStudies.MODEL.name(), "1.3.0", TestStudies.MODEL.architecture(), 0.5);
        MappedReport v12 = mapper.map(TestStudies.result(study, TestStudies.MODEL, Instant.now(), 0.5));
        MappedReport v13 = mapper.map(TestStudies.result(study, next, Instant.now(), 0.5));

        assertThat(v13.report().getIdPart()).isNotEqualTo(v12.report().getIdPart());
        assertThat(v13.device().getIdPart()).isNotEqualTo(v12.device().getIdPart());
        assertThat(v13.imagingStudy().getIdPart()).isEqualTo(v12.imagingStudy().getIdPart());
        assertThat(v13.patient().getIdPart()).isEqualTo(v12.patient().getIdPart());
    }

    @Test
    void resourceIdsRevealNeitherPatientNorStudy() {
        StudyResult result = TestStudies.result("opaque", "PID-4242", "20250101", 0.5);
        MappedReport m = mapper.map(result);
        for (Resource r : m.all()) {
            assertThat(r.getIdPart()).doesNotContain("4242").doesNotContain(result.study().studyInstanceUid())
                    .matches("[a-z]{3}-[0-9a-f]{32}");
        }
    }

    @Test
    void aStudyDateWithoutTimeIsEffectiveForTheWholeDay() {
        MappedReport m = mapper.map(TestStudies.result(
                TestStudies.study("dayonly", "P", "20250301", ""), TestStudies.MODEL, Instant.now(), 0.5));
        assertThat(m.report().getEffectiveDateTimeType().getValueAsString()).isEqualTo("2025-03-01");
    }
}
