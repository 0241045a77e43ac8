package org.gbscan.fhir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Refusal;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.FhirValidation;
import org.gbscan.fhir.TestStudies;
import org.gbscan.fhir.mapping.FhirCodes;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every report store database (H2, PostgreSQL) must do; subclasses supply an empty database. */
abstract class ReportStoreContract {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    ReportStore store;

    /** Settings pointing at an empty database. */
    abstract FhirSettings emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = ReportStore.open(emptyDatabase());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static FhirSettings settings(String jdbcUrl, String user) {
        return new FhirSettings(jdbcUrl, user, "", 2, "127.0.0.1", 0, false, "", 1 << 20, "", 20, 200, ZONE,
                FhirSettings.DEFAULT_PATIENT_ID_SYSTEM);
    }

    private static SearchQuery reports(SearchQuery.Clause... clauses) {
        return new SearchQuery("DiagnosticReport", List.of(clauses),
                List.of(new SearchQuery.Sort(SearchQuery.SortField.DATE, false)), 0, 100);
    }

    private static SearchQuery.Clause clause(SearchField field, Object... anyOf) {
        return new SearchQuery.Clause(field, List.of(anyOf));
    }

    private List<String> ids(SearchQuery query) throws ReportStoreException {
        return store.search(query).resources().stream().map(StoredResource::id).toList();
    }

    @Test
    void neverMovesAStudysReportToAnotherPatient() throws Exception {
        StudyRef study = TestStudies.study("owned", "PID-OWNER", "20250110", "");
        StudyRef hijack = new StudyRef(study.studyInstanceUid(), new org.gbscan.core.Patient("PID-OTHER", "OTHER^CHILD", "", ""),
                study.accessionNumber(), study.studyDate(), study.studyTime(), study.studyId(), study.studyDescription());
        String id = store.save(TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T10:00:00Z"), 0.8), Map.of());

        assertThatThrownBy(() -> store.requireSamePatient(hijack)).isInstanceOf(StudyPatientConflictException.class)
                .hasMessageNotContaining("PID-");
        assertThatThrownBy(() -> store.save(TestStudies.result(hijack, TestStudies.MODEL, Instant.parse("2025-01-11T10:00:00Z"), 0.1),
                Map.of())).isInstanceOf(StudyPatientConflictException.class);
        store.requireSamePatient(study);

        DiagnosticReport kept = Fhir.context().newJsonParser().parseResource(DiagnosticReport.class,
                store.read("DiagnosticReport", id).orElseThrow().json());
        assertThat(kept.getMeta().getVersionId()).isEqualTo("1");
        assertThat(store.search(reports()).total()).isEqualTo(1);
    }

    @Test
    void savingTheSameResultAgainChangesNothingAndANewResultReplacesTheReport() throws Exception {
        StudyRef study = TestStudies.study("twice", "PID-1", "20250110", "");
        StudyResult result = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T10:00:00Z"), 0.8, 0.6);
        String first = store.save(result, Map.of());
        String again = store.save(result, Map.of());
        assertThat(again).isEqualTo(first);
        assertThat(store.read("DiagnosticReport", first).orElseThrow().versionId()).isEqualTo(1);

        StudyResult rescored = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-11T10:00:00Z"), 0.2);
        assertThat(store.save(rescored, Map.of())).isEqualTo(first);

        assertThat(store.search(reports()).total()).isEqualTo(1);
        StoredResource report = store.read("DiagnosticReport", first).orElseThrow();
        assertThat(report.versionId()).isEqualTo(2);
        DiagnosticReport parsed = Fhir.context().newJsonParser().parseResource(DiagnosticReport.class, report.json());
        assertThat(parsed.getMeta().getVersionId()).isEqualTo("2");
        assertThat(parsed.getConclusion()).contains("not suspected");
        assertThat(FhirValidation.errors(parsed)).isEmpty();
        assertThat(store.recentStudies(10)).hasSize(1);
    }

    /** Issue 16: a re-scored revision needs the SR of the one before it, to name it as its predecessor. */
    @Test
    void eachRevisionRecordsItsSrAndTheNextFindsItWhileTheReportIsUpdatedInPlace() throws Exception {
        StudyRef study = TestStudies.study("revisions", "PID-REV", "20250110", "");
        StudyResult first = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T10:00:00Z"), 0.8);
        EvidenceRef sr1 = new EvidenceRef(study.studyInstanceUid(), "2.25.11", "1.2.840.10008.5.1.4.1.1.88.33", "2.25.101");
        EvidenceRef sr2 = new EvidenceRef(study.studyInstanceUid(), "2.25.11", "1.2.840.10008.5.1.4.1.1.88.33", "2.25.102");
        assertThat(store.srBefore(study.studyInstanceUid(), 1)).isEmpty();

        String id = store.save(first, Map.of(), new RevisionSr(1, sr1));
        store.save(first, Map.of(), new RevisionSr(1, sr1)); // a retry of revision 1 changes nothing
        assertThat(store.srBefore(study.studyInstanceUid(), 2)).hasValue(sr1);
        assertThat(store.srBefore(study.studyInstanceUid(), 1)).isEmpty();

        StudyResult second = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T11:00:00Z"), 0.8, 0.1);
        assertThat(store.save(second, Map.of(), new RevisionSr(2, sr2))).isEqualTo(id);
        assertThat(store.srBefore(study.studyInstanceUid(), 3)).hasValue(sr2);
        assertThat(store.srBefore(study.studyInstanceUid(), 2)).as("a retry of revision 2 still finds revision 1").hasValue(sr1);
        assertThat(store.read("DiagnosticReport", id).orElseThrow().versionId()).isEqualTo(2);
        assertThat(store.search(reports()).total()).isEqualTo(1);
    }

    /**
     * Issue 18: a revision scored twice (a worker killed after storing, a duplicate delivery from the broker) gets
     * a new scoring time but the same SR; its report keeps its one version.
     */
    @Test
    void aRevisionScoredAgainWithTheSameSrKeepsItsOneReportVersion() throws Exception {
        StudyRef study = TestStudies.study("redelivered", "PID-RED", "20250110", "");
        EvidenceRef sr = new EvidenceRef(study.studyInstanceUid(), "2.25.21", "1.2.840.10008.5.1.4.1.1.88.33", "2.25.201");
        StudyResult scored = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T10:00:00Z"), 0.8);
        StudyResult scoredAgain = TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-10T10:05:00Z"), 0.8);

        String id = store.save(scored, Map.of(), new RevisionSr(1, sr));
        assertThat(store.save(scoredAgain, Map.of(), new RevisionSr(1, sr))).isEqualTo(id);

        StoredResource report = store.read("DiagnosticReport", id).orElseThrow();
        assertThat(report.versionId()).isEqualTo(1);
        assertThat(Fhir.context().newJsonParser().parseResource(DiagnosticReport.class, report.json()).getIssued())
                .as("the first scoring's report stays").isEqualTo(java.util.Date.from(Instant.parse("2025-01-10T10:00:00Z")));
        EvidenceRef otherModelsSr = new EvidenceRef(study.studyInstanceUid(), "2.25.22", "1.2.840.10008.5.1.4.1.1.88.33", "2.25.202");
        store.save(scoredAgain, Map.of(), new RevisionSr(1, otherModelsSr)); // another model's SR: a different result
        assertThat(store.read("DiagnosticReport", id).orElseThrow().versionId()).isEqualTo(2);
    }

    @Test
    void aNotAssessableStudyIsStoredServedAndFoundAndARescoreReplacesIt() throws Exception {
        StudyRef study = TestStudies.study("refused", "PID-REF-42", "20250110", "");
        Refusal refusal = new Refusal(Refusal.Reason.BLANK, "pixel spread 0.4% of full scale");
        String id = store.save(TestStudies.notAssessable(study, Instant.parse("2025-01-10T10:00:00Z"), refusal, 2), Map.of());

        DiagnosticReport parsed = Fhir.context().newJsonParser().parseResource(DiagnosticReport.class,
                store.read("DiagnosticReport", id).orElseThrow().json());
        assertThat(parsed.getConclusion()).startsWith(refusal.message());
        assertThat(FhirValidation.errors(parsed)).isEmpty();
        StudyDetail detail = store.study(id).orElseThrow();
        org.hl7.fhir.r4.model.Observation obs = Fhir.context().newJsonParser().parseResource(
                org.hl7.fhir.r4.model.Observation.class, store.read("Observation", detail.observationId()).orElseThrow().json());
        assertThat(obs.hasValue()).isFalse();
        assertThat(obs.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unsupported");
        assertThat(ids(reports(clause(SearchField.CONCLUSION, new Token(FhirCodes.SNOMED, "373068000"))))).containsExactly(id);
        assertThat(ids(reports(clause(SearchField.STATUS, "final")))).containsExactly(id);

        StudySummary summary = detail.summary();
        assertThat(summary.isAssessable()).isFalse();
        assertThat(summary.refusal()).isEqualTo(refusal);
        assertThat(summary.baProbability()).isNaN();
        assertThat(summary.label()).isNull();
        assertThat(summary.frameCount()).isEqualTo(2);
        assertThat(summary.camCount()).isZero();
        assertThat(detail.frames()).isEmpty();
        assertThat(store.recentStudies(10)).singleElement().extracting(StudySummary::refusal).isEqualTo(refusal);

        store.save(TestStudies.result(study, TestStudies.MODEL, Instant.parse("2025-01-11T10:00:00Z"), 0.8), Map.of());
        StudySummary rescored = store.study(id).orElseThrow().summary();
        assertThat(rescored.isAssessable()).isTrue();
        assertThat(rescored.baProbability()).isEqualTo(0.8);
        assertThat(rescored.label()).isEqualTo(org.gbscan.core.Label.BA);
        assertThat(ids(reports(clause(SearchField.CONCLUSION, new Token(FhirCodes.SNOMED, "373068000"))))).isEmpty();
    }

    @Test
    void aDeviceSharedByManyReportsKeepsItsFirstVersion() throws Exception {
        String a = store.save(TestStudies.result("shared-a", "PID-1", "20250110", 0.8), Map.of());
        store.save(TestStudies.result("shared-b", "PID-2", "20250111", 0.3), Map.of());
        String device = store.study(a).orElseThrow().deviceId();
        assertThat(store.read("Device", device).orElseThrow().versionId()).isEqualTo(1);
    }

    @Test
    void everyResourceOfAReportCanBeReadBack() throws Exception {
        String id = store.save(TestStudies.result("readback", "PID-2", "20250110", 0.3), Map.of());
        StudyDetail detail = store.study(id).orElseThrow();

        assertThat(store.read("DiagnosticReport", id)).isPresent();
        assertThat(store.read("Observation", detail.observationId())).isPresent();
        assertThat(store.read("Device", detail.deviceId())).isPresent();
        assertThat(store.read("DiagnosticReport", "rep-unknown")).isEmpty();
        assertThat(store.read("Organization", id)).isEmpty();
    }

    @Test
    void searchFiltersByEachIndexedField() throws Exception {
        StudyResult a = TestStudies.result("a", "PID-A", "20250105", 0.9);
        StudyResult b = TestStudies.result("b", "PID-B", "20250215", 0.1);
        StudyResult c = TestStudies.result(TestStudies.study("c", "PID-A", "20250320", ""),
                new ModelInfo("other-model", "2.0", "ResNet-18", 0.4), Instant.parse("2025-04-01T00:00:00Z"), 0.45);
        String ra = store.save(a, Map.of());
        String rb = store.save(b, Map.of());
        String rc = store.save(c, Map.of());
        String patientA = store.read("DiagnosticReport", ra).map(r -> subjectId(r.json())).orElseThrow();

        assertThat(ids(reports(clause(SearchField.PATIENT, patientA)))).containsExactly(ra, rc);
        assertThat(ids(reports(clause(SearchField.PATIENT_IDENTIFIER,
                new Token(FhirSettings.DEFAULT_PATIENT_ID_SYSTEM, "PID-B"))))).containsExactly(rb);
        assertThat(ids(reports(clause(SearchField.IDENTIFIER,
                new Token("urn:dicom:uid", "urn:oid:" + b.study().studyInstanceUid()))))).containsExactly(rb);
        assertThat(ids(reports(clause(SearchField.STATUS, "final")))).containsExactly(ra, rb, rc);
        assertThat(ids(reports(clause(SearchField.STATUS, "preliminary")))).isEmpty();
        assertThat(ids(reports(clause(SearchField.CODE, new Token("http://loinc.org", "18748-4"))))).hasSize(3);
        assertThat(ids(reports(clause(SearchField.CODE, new Token(null, "18748-4"))))).hasSize(3);
        assertThat(ids(reports(clause(SearchField.CODE, new Token("http://snomed.info/sct", "18748-4"))))).isEmpty();
        assertThat(ids(reports(clause(SearchField.CONCLUSION, new Token(FhirCodes.SNOMED, "77480004"))))).containsExactly(ra, rc);
        assertThat(ids(reports(clause(SearchField.ID, rb, rc)))).containsExactly(rb, rc);
        String deviceC = store.study(rc).orElseThrow().deviceId();
        assertThat(ids(reports(clause(SearchField.DEVICE, deviceC)))).containsExactly(rc);
        // AND across clauses, OR within one
        assertThat(ids(reports(clause(SearchField.PATIENT, patientA), clause(SearchField.ID, rb, rc)))).containsExactly(rc);
    }

    @Test
    void dateSearchComparesRangesAsFhirDefines() throws Exception {
        String jan = store.save(TestStudies.result("jan", "P", "20250105", 0.5), Map.of());
        String feb = store.save(TestStudies.result(TestStudies.study("feb", "P", "20250215", ""),
                TestStudies.MODEL, Instant.now(), 0.5), Map.of());
        store.save(TestStudies.result(TestStudies.study("nodate", "P", "", ""), TestStudies.MODEL, Instant.now(), 0.5), Map.of());

        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.EQ, "2025-02-15"))))).containsExactly(feb);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.EQ, "2025-01-05"))))).containsExactly(jan);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.GE, "2025-01-06"))))).containsExactly(feb);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.LT, "2025-02-15"))))).containsExactly(jan);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.LE, "2025-02-15"))))).containsExactly(jan, feb);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.NE, "2025-02-15"))))).containsExactly(jan);
        assertThat(ids(reports(clause(SearchField.DATE, day(DateBound.Prefix.GE, "2025-01-01")),
                clause(SearchField.DATE, day(DateBound.Prefix.LT, "2025-02-01"))))).containsExactly(jan);
    }

    private static DateBound day(DateBound.Prefix prefix, String isoDate) {
        LocalDate d = LocalDate.parse(isoDate);
        return new DateBound(prefix, d.atStartOfDay(ZONE).toInstant(), d.plusDays(1).atStartOfDay(ZONE).toInstant());
    }

    @Test
    void pagesDoNotOverlapAndCoverEveryMatch() throws Exception {
        for (int i = 0; i < 7; i++) {
            store.save(TestStudies.result("page" + i, "P" + i, "2025010" + (i + 1), 0.5), Map.of());
        }
        List<SearchQuery.Sort> byDate = List.of(new SearchQuery.Sort(SearchQuery.SortField.DATE, true));
        SearchPage p1 = store.search(new SearchQuery("DiagnosticReport", List.of(), byDate, 0, 3));
        SearchPage p2 = store.search(new SearchQuery("DiagnosticReport", List.of(), byDate, 3, 3));
        SearchPage p3 = store.search(new SearchQuery("DiagnosticReport", List.of(), byDate, 6, 3));
        SearchPage countOnly = store.search(new SearchQuery("DiagnosticReport", List.of(), byDate, 0, 0));

        assertThat(p1.total()).isEqualTo(7);
        assertThat(countOnly.total()).isEqualTo(7);
        assertThat(countOnly.resources()).isEmpty();
        assertThat(p3.resources()).hasSize(1);
        assertThat(Stream3.concat(p1, p2, p3)).doesNotHaveDuplicates().hasSize(7);
    }

    @Test
    void observationSearchFindsByImagingStudyDeviceAndPatient() throws Exception {
        String id = store.save(TestStudies.result("obs", "PID-O", "20250110", 0.7), Map.of());
        store.save(TestStudies.result("obs2", "PID-X", "20250110", 0.7), Map.of());
        StudyDetail d = store.study(id).orElseThrow();
        String imagingStudy = imagingStudyOf(store.read("DiagnosticReport", id).orElseThrow().json());
        SearchQuery byStudy = new SearchQuery("Observation", List.of(clause(SearchField.IMAGING_STUDY, imagingStudy)),
                List.of(), 0, 10);
        SearchQuery byDevice = new SearchQuery("Observation", List.of(clause(SearchField.DEVICE, d.deviceId())),
                List.of(), 0, 10);

        assertThat(ids(byStudy)).containsExactly(d.observationId());
        assertThat(store.search(byDevice).total()).isEqualTo(2);
    }

    @Test
    void theViewerGetsRecentStudiesFramesAndCamThumbnails() throws Exception {
        StudyResult older = TestStudies.result(TestStudies.study("older", "PID-123456", "20250101", ""),
                TestStudies.MODEL, Instant.parse("2025-01-01T10:00:00Z"), 0.2);
        StudyResult newer = TestStudies.result(TestStudies.study("newer", "PID-654321", "20250102", ""),
                TestStudies.MODEL, Instant.parse("2025-01-02T10:00:00Z"), 0.3, 0.9, 0.6);
        store.save(older, Map.of());
        String top = newer.topFrames(1).get(0).frame().key();
        byte[] png = TestStudies.png(200);
        String id = store.save(newer, Map.of(top, png));

        List<StudySummary> recent = store.recentStudies(10);
        assertThat(recent).extracting(StudySummary::id).first().isEqualTo(id);
        StudySummary s = recent.get(0);
        assertThat(s.maskedPatientId()).isEqualTo("****321").doesNotContain("PID");
        assertThat(s.baProbability()).isEqualTo(newer.baProbability());
        assertThat(s.label()).isEqualTo(org.gbscan.core.Label.BA);
        assertThat(s.frameCount()).isEqualTo(3);
        assertThat(s.camCount()).isEqualTo(1);
        assertThat(store.recentStudies(1)).hasSize(1);

        StudyDetail detail = store.study(id).orElseThrow();
        assertThat(detail.frames()).extracting(FrameView::baProbability).containsExactly(0.9, 0.6, 0.3);
        assertThat(detail.frames()).extracting(FrameView::hasCam).containsExactly(true, false, false);
        assertThat(detail.frames().get(0).frameKey()).isEqualTo(top);
        assertThat(store.camPng(id, top)).hasValue(png);
        assertThat(store.camPng(id, detail.frames().get(1).frameKey())).isEmpty();
        assertThat(store.study("rep-none")).isEmpty();
    }

    @Test
    void reprocessingReplacesTheFramesAndThumbnails() throws Exception {
        StudyRef study = TestStudies.study("redo", "P", "20250101", "");
        StudyResult first = TestStudies.result(study, TestStudies.MODEL, Instant.now(), 0.2, 0.4);
        String id = store.save(first, Map.of(first.frames().get(0).frame().key(), TestStudies.png(1)));
        StudyResult again = TestStudies.result(study, TestStudies.MODEL, Instant.now(), 0.7);
        store.save(again, Map.of());

        assertThat(store.study(id).orElseThrow().frames()).hasSize(1);
        assertThat(store.study(id).orElseThrow().summary().camCount()).isZero();
    }

    @Test
    void concurrentSavesOfOverlappingStudiesLeaveOneReportEach() throws Exception {
        List<StudyResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(TestStudies.result("concurrent-" + i, "PID-SAME", "20250110", 0.2 + i / 10.0));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> saved = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (StudyResult r : results) {
                    saved.add(pool.submit(() -> store.save(r, Map.of())));
                }
            }
            for (var f : saved) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.search(reports()).total()).isEqualTo(4);
        assertThat(store.recentStudies(10)).hasSize(4);
    }

    @Test
    void theStoreReportsItselfHealthy() {
        assertThat(store.problem(2)).isEmpty();
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsReports() throws Exception {
        String id = store.save(TestStudies.result("persist", "P", "20250101", 0.5), Map.of());
        FhirSettings same = currentSettings();
        store.close();
        store = ReportStore.open(same);
        assertThat(store.read("DiagnosticReport", id)).isPresent();
    }

    abstract FhirSettings currentSettings();

    private static String subjectId(String json) {
        return Fhir.context().newJsonParser().parseResource(DiagnosticReport.class, json).getSubject().getReferenceElement().getIdPart();
    }

    private static String imagingStudyOf(String json) {
        return Fhir.context().newJsonParser().parseResource(DiagnosticReport.class, json)
                .getImagingStudyFirstRep().getReferenceElement().getIdPart();
    }

    /** Ids of several pages in order. */
    private static final class Stream3 {
        static List<String> concat(SearchPage... pages) {
            return java.util.Arrays.stream(pages).flatMap(p -> p.resources().stream()).map(StoredResource::id).toList();
        }
    }
}
