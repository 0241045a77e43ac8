package org.gbscan.fhir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyResult;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.FhirValidation;
import org.gbscan.fhir.TestStudies;
import org.gbscan.fhir.store.ReportStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The FHIR API as a client sees it: HAPI's generic client and plain HTTP against the running server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirApiTest {
    private static final String TOKEN = "test-token-7f3a";
    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final ModelInfo OTHER_MODEL = new ModelInfo("gbscan-resnet18", "0.9.1", "ResNet-18", 0.4);

    private Vertx vertx;
    private ReportStore store;
    private ApiServer server;
    private String base;
    private IGenericClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    private String suspectedId;
    private String notSuspectedId;
    private StudyResult suspected;
    private StudyResult notSuspected;

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        FhirSettings settings = new FhirSettings(FhirSettings.h2FileUrl(dir), "", "", 4, "127.0.0.1", 0, true, TOKEN,
                64 * 1024, "", 20, 200, ZONE, FhirSettings.DEFAULT_PATIENT_ID_SYSTEM);
        store = ReportStore.open(settings);
        for (int day = 1; day <= 25; day++) {
            store.save(TestStudies.result(TestStudies.study("page-" + day, "PID-PAGE", String.format("202501%02d", day), "090000"),
                    TestStudies.MODEL, Instant.parse("2025-02-01T00:00:00Z").plusSeconds(day), 0.6 + day / 100.0), Map.of());
        }
        suspected = TestStudies.result(TestStudies.study("x", "PID-X", "20240615", "101500"), TestStudies.MODEL,
                Instant.parse("2024-06-15T12:00:00Z"), 0.95, 0.85);
        notSuspected = TestStudies.result(TestStudies.study("y", "PID-Y", "20240701", ""), OTHER_MODEL,
                Instant.parse("2024-07-01T12:00:00Z"), 0.1);
        suspectedId = store.save(suspected, Map.of());
        notSuspectedId = store.save(notSuspected, Map.of());

        vertx = Vertx.vertx();
        server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
        int port = server.start();
        base = "http://127.0.0.1:" + port + "/fhir";
        client = Fhir.context().newRestfulGenericClient(base);
        client.registerInterceptor(new BearerTokenAuthInterceptor(TOKEN));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (store != null) {
            store.close();
        }
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authorizedGet(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "Authorization", "Bearer " + TOKEN);
    }

    private static OperationOutcome outcome(HttpResponse<String> response) {
        return Fhir.context().newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private List<String> reportIds(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private Bundle searchReports(String query) {
        return client.search().byUrl(base + "/DiagnosticReport?" + query).returnBundle(Bundle.class).execute();
    }

    @Test
    void metadataNeedsNoTokenAndPassesTheValidator() throws Exception {
        HttpResponse<String> response = get("/metadata");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/fhir+json"));
        CapabilityStatement cs = Fhir.context().newJsonParser().parseResource(CapabilityStatement.class, response.body());
        assertThat(FhirValidation.errors(cs)).as(FhirValidation.all(cs).toString()).isEmpty();
        assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
        var report = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("DiagnosticReport")).findFirst().orElseThrow();
        assertThat(report.getSearchParam()).extracting(p -> p.getName())
                .contains("patient", "subject", "identifier", "date", "status", "code");
        assertThat(client.capabilities().ofType(CapabilityStatement.class).execute().getKind())
                .isEqualTo(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    }

    @Test
    void readsEveryResourceOfAReportAndEachPassesTheValidator() {
        DiagnosticReport report = client.read().resource(DiagnosticReport.class).withId(suspectedId).execute();
        Observation obs = client.read().resource(Observation.class).withUrl(report.getResultFirstRep().getReference()).execute();
        Device device = client.read().resource(Device.class).withUrl(obs.getDevice().getReference()).execute();
        Patient patient = client.read().resource(Patient.class).withUrl(report.getSubject().getReference()).execute();
        ImagingStudy imaging = client.read().resource(ImagingStudy.class).withUrl(report.getImagingStudyFirstRep().getReference()).execute();

        assertThat(report.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + suspected.study().studyInstanceUid());
        assertThat(report.getMeta().getVersionId()).isEqualTo("1");
        assertThat(obs.getValueQuantity().getValue().doubleValue()).isEqualTo(suspected.baProbability());
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo(TestStudies.MODEL.version());
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("PID-X");
        assertThat(imaging.getIdentifierFirstRep().getValue()).isEqualTo(report.getIdentifierFirstRep().getValue());
        for (IBaseResource r : List.of(report, obs, device, patient, imaging)) {
            assertThat(FhirValidation.errors(r)).as(FhirValidation.all(r).toString()).isEmpty();
        }
    }

    @Test
    void readingAnUnknownIdGives404WithAnOperationOutcome() throws Exception {
        assertThatThrownBy(() -> client.read().resource(DiagnosticReport.class).withId("rep-0000").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        HttpResponse<String> response = authorizedGet("/DiagnosticReport/rep-0000");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(outcome(response).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        assertThat(authorizedGet("/Organization/x").statusCode()).isEqualTo(404);
    }

    @Test
    void searchesByPatientAndSubjectReferenceAndByPatientIdentifier() {
        String patient = client.read().resource(DiagnosticReport.class).withId(suspectedId).execute()
                .getSubject().getReferenceElement().getIdPart();

        Bundle byPatient = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.PATIENT.hasId(patient)).returnBundle(Bundle.class).execute();
        Bundle bySubject = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.SUBJECT.hasId("Patient/" + patient)).returnBundle(Bundle.class).execute();
        Bundle byIdentifier = client.search().forResource(DiagnosticReport.class)
                .where(new TokenClientParam("subject:identifier").exactly()
                        .systemAndCode(FhirSettings.DEFAULT_PATIENT_ID_SYSTEM, "PID-Y"))
                .returnBundle(Bundle.class).execute();

        assertThat(reportIds(byPatient)).containsExactly(suspectedId);
        assertThat(reportIds(bySubject)).containsExactly(suspectedId);
        assertThat(reportIds(byIdentifier)).containsExactly(notSuspectedId);
        assertThat(searchReports("patient:identifier=PID-PAGE&_count=0").getTotal()).isEqualTo(25);
    }

    @Test
    void searchesByStudyInstanceUidIdentifier() {
        Bundle found = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.IDENTIFIER.exactly().systemAndCode("urn:dicom:uid",
                        "urn:oid:" + notSuspected.study().studyInstanceUid()))
                .returnBundle(Bundle.class).execute();
        assertThat(reportIds(found)).containsExactly(notSuspectedId);
    }

    @Test
    void searchesByDateWithPrefixes() {
        Bundle june = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.DATE.exactly().day("2024-06-15")).returnBundle(Bundle.class).execute();
        Bundle range = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.DATE.afterOrEquals().day("2024-06-01"))
                .and(DiagnosticReport.DATE.before().day("2025-01-01")).returnBundle(Bundle.class).execute();
        Bundle january = searchReports("date=2025-01&_count=0");
        Bundle withTime = searchReports("date=ge2024-06-15T10:00:00Z&date=le2024-06-15T11:00:00Z");

        assertThat(reportIds(june)).containsExactly(suspectedId);
        assertThat(reportIds(range)).containsExactlyInAnyOrder(suspectedId, notSuspectedId);
        assertThat(january.getTotal()).isEqualTo(25);
        assertThat(reportIds(withTime)).containsExactly(suspectedId);
    }

    @Test
    void searchesByStatusCodeAndConclusion() {
        Bundle finals = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.STATUS.exactly().code("final")).count(0).returnBundle(Bundle.class).execute();
        Bundle loinc = client.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.CODE.exactly().systemAndCode("http://loinc.org", "18748-4")).count(0)
                .returnBundle(Bundle.class).execute();
        Bundle otherCode = searchReports("code=http://loinc.org|11111-1");
        Bundle preliminary = searchReports("status=preliminary");
        Bundle notSuspectedOnes = searchReports("conclusion=http://snomed.info/sct|428263003");

        assertThat(finals.getTotal()).isEqualTo(27);
        assertThat(loinc.getTotal()).isEqualTo(27);
        assertThat(otherCode.getTotal()).isZero();
        assertThat(preliminary.getTotal()).isZero();
        assertThat(reportIds(notSuspectedOnes)).containsExactly(notSuspectedId);
    }

    @Test
    void sortsByDateBothWays() {
        Bundle ascending = client.search().forResource(DiagnosticReport.class)
                .sort(new SortSpec("date")).count(3).returnBundle(Bundle.class).execute();
        Bundle descending = client.search().forResource(DiagnosticReport.class)
                .sort(new SortSpec("date", ca.uhn.fhir.rest.api.SortOrderEnum.DESC)).count(3).returnBundle(Bundle.class).execute();

        assertThat(reportIds(ascending).get(0)).isEqualTo(suspectedId);
        assertThat(((DiagnosticReport) descending.getEntryFirstRep().getResource()).getEffectiveDateTimeType().getValueAsString())
                .startsWith("2025-01-25");
    }

    @Test
    void pagesThroughTwentyFiveReportsTenAtATimeByNextLinks() {
        Bundle page = client.search().forResource(DiagnosticReport.class)
                .where(new TokenClientParam("patient:identifier").exactly().code("PID-PAGE"))
                .count(10).returnBundle(Bundle.class).execute();
        List<String> seen = new ArrayList<>(reportIds(page));
        int pages = 1;
        assertThat(page.getTotal()).isEqualTo(25);
        assertThat(page.getLink(Bundle.LINK_PREV)).isNull();
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = client.loadPage().next(page).execute();
            seen.addAll(reportIds(page));
            pages++;
            assertThat(page.getLink(Bundle.LINK_PREV)).isNotNull();
        }
        Bundle previous = client.loadPage().previous(page).execute();

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(reportIds(previous)).isEqualTo(seen.subList(10, 20));
        assertThat(page.getLink(Bundle.LINK_SELF).getUrl()).contains("_offset=20");
    }

    @Test
    void answersInXmlByFormatParameterOrAcceptHeader() throws Exception {
        Bundle viaClient = client.search().forResource(DiagnosticReport.class).encodedXml()
                .where(DiagnosticReport.PATIENT.hasId(client.read().resource(DiagnosticReport.class).withId(suspectedId)
                        .execute().getSubject().getReferenceElement().getIdPart()))
                .returnBundle(Bundle.class).execute();
        HttpResponse<String> byParam = authorizedGet("/DiagnosticReport/" + suspectedId + "?_format=xml");
        HttpResponse<String> byAccept = http.send(HttpRequest.newBuilder(URI.create(base + "/Observation?_count=1"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/fhir+xml").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(reportIds(viaClient)).containsExactly(suspectedId);
        assertThat(byParam.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+xml");
        DiagnosticReport parsed = Fhir.context().newXmlParser().parseResource(DiagnosticReport.class, byParam.body());
        assertThat(parsed.getIdPart()).isEqualTo(suspectedId);
        assertThat(byAccept.body()).startsWith("<Bundle xmlns=\"http://hl7.org/fhir\">");
    }

    @Test
    void searchesObservationsByDerivedFromDeviceAndPatient() {
        DiagnosticReport report = client.read().resource(DiagnosticReport.class).withId(notSuspectedId).execute();
        Observation obs = client.read().resource(Observation.class).withUrl(report.getResultFirstRep().getReference()).execute();

        Bundle byStudy = client.search().forResource(Observation.class)
                .where(new ReferenceClientParam("derived-from").hasId(report.getImagingStudyFirstRep().getReference()))
                .returnBundle(Bundle.class).execute();
        Bundle byDevice = client.search().forResource(Observation.class)
                .where(Observation.DEVICE.hasId(obs.getDevice().getReference())).returnBundle(Bundle.class).execute();
        Bundle byPatient = client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(report.getSubject().getReferenceElement().getIdPart()))
                .returnBundle(Bundle.class).execute();
        Bundle modelOneDevice = client.search().forResource(Observation.class)
                .where(Observation.DEVICE.hasId(
                        client.read().resource(Observation.class).withUrl(client.read().resource(DiagnosticReport.class)
                                .withId(suspectedId).execute().getResultFirstRep().getReference()).execute().getDevice().getReference()))
                .count(0).returnBundle(Bundle.class).execute();

        assertThat(reportIds(byStudy)).containsExactly(obs.getIdPart());
        assertThat(reportIds(byDevice)).containsExactly(obs.getIdPart());
        assertThat(reportIds(byPatient)).containsExactly(obs.getIdPart());
        assertThat(modelOneDevice.getTotal()).isEqualTo(26);
    }

    @Test
    void badQueriesGive400WithAnOperationOutcome() throws Exception {
        for (String query : List.of("date=yesterday", "date=xx2024-01-01", "_count=ten", "_count=-1", "_sort=color",
                "colour=blue", "status=done", "patient=Device/dev-1", "patient=", "date=2024-13-01")) {
            HttpResponse<String> response = authorizedGet("/DiagnosticReport?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            OperationOutcome outcome = outcome(response);
            assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(query).isNotBlank();
            assertThat(FhirValidation.errors(outcome)).isEmpty();
        }
        assertThatThrownBy(() -> searchReports("date=2024/01/01")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a FHIR date");
    }

    @Test
    void unknownParametersAreIgnoredOnlyWhenTheClientAsksForLenientHandling() throws Exception {
        HttpResponse<String> lenient = get("/DiagnosticReport?colour=blue&_count=0", "Authorization", "Bearer " + TOKEN,
                "Prefer", "handling=lenient");
        assertThat(lenient.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutOrWithAWrongTokenEveryResourceRequestGives401() throws Exception {
        for (String path : List.of("/DiagnosticReport", "/DiagnosticReport/" + suspectedId, "/Observation?device=x")) {
            HttpResponse<String> none = get(path);
            HttpResponse<String> wrong = get(path, "Authorization", "Bearer not-the-token");
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(outcome(none).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        }
        IGenericClient anonymous = Fhir.context().newRestfulGenericClient(base);
        assertThatThrownBy(() -> anonymous.read().resource(DiagnosticReport.class).withId(suspectedId).execute())
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.AuthenticationException.class);
    }

    @Test
    void aStaticTokenServerOffersNoSmartConfiguration() throws Exception {
        HttpResponse<String> underFhir = get("/.well-known/smart-configuration");
        HttpResponse<String> atRoot = http.send(HttpRequest.newBuilder(URI.create(base.replace("/fhir", "")
                + "/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(underFhir.statusCode()).isEqualTo(404);
        assertThat(atRoot.statusCode()).isEqualTo(404);
        assertThat(atRoot.body()).contains("http.auth=jwt");
    }

    @Test
    void unsupportedFormatsMethodsAndBodiesGet406And405And415() throws Exception {
        assertThat(authorizedGet("/DiagnosticReport?_format=html").statusCode()).isEqualTo(406);
        assertThat(get("/DiagnosticReport/" + suspectedId, "Authorization", "Bearer " + TOKEN, "Accept", "text/html")
                .statusCode()).isEqualTo(406);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/DiagnosticReport/" + suspectedId))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        HttpResponse<String> jsonSearch = post("/DiagnosticReport/_search", "application/json", "{}");
        assertThat(jsonSearch.statusCode()).isEqualTo(415);
        assertThat(outcome(jsonSearch).getIssueFirstRep().getDiagnostics()).contains("x-www-form-urlencoded");
    }

    @Test
    void searchByPostTakesFormParametersAndRefusesOversizedBodies() throws Exception {
        HttpResponse<String> ok = post("/DiagnosticReport/_search", "application/x-www-form-urlencoded",
                "status=final&_count=0");
        HttpResponse<String> tooBig = post("/DiagnosticReport/_search", "application/x-www-form-urlencoded",
                "status=final&pad=" + "x".repeat(70 * 1024));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Fhir.context().newJsonParser().parseResource(Bundle.class, ok.body()).getTotal()).isEqualTo(27);
        assertThat(tooBig.statusCode()).isEqualTo(413);
    }

    @Test
    void searchBundlesPassTheValidator() throws Exception {
        Bundle bundle = searchReports("_count=2");
        assertThat(FhirValidation.errors(bundle)).as(FhirValidation.all(bundle).toString()).isEmpty();
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
