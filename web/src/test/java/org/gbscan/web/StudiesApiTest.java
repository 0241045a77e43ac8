package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.gbscan.core.StudyResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The study viewer's API: the same bearer token as FHIR, recent studies, one study, CAM thumbnails. */
class StudiesApiTest {
    private static WebFixture fixture;
    private static TestServer server;
    private static Http http;
    private static StudyResult stored;
    private static String storedId;

    @BeforeAll
    static void start() throws Exception {
        fixture = WebFixture.get();
        server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults());
        http = new Http(server.baseUrl);
        stored = fixture.scoreStudy(fixture.dicom(0));
        storedId = server.store.save(stored, fixture.camPngs(stored, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void studiesNeedTheBearerToken() {
        for (String path : new String[] {"/api/studies", "/api/studies/" + storedId, "/api/studies/" + storedId + "/thumbnail.png"}) {
            Http.Reply none = http.get(path);
            Http.Reply wrong = http.get(path, "not-the-token");

            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(wrong.status()).as(path).isEqualTo(401);
            assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gbscan\"");
            assertThat(none.json().path("issue").path(0).path("code").asText()).isEqualTo("login");
            assertThat(none.diagnostics()).startsWith("missing or invalid bearer token");
        }
    }

    @Test
    void listShowsTheStoredStudyWithMaskedPatientAndThumbnail() {
        Http.Reply reply = http.get("/api/studies", TestServer.TOKEN);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode study = find(reply.json().path("studies"), storedId);
        assertThat(study.path("probability").asDouble()).isCloseTo(stored.baProbability(), within(1e-9));
        assertThat(study.path("label").asText()).isEqualTo(stored.label().name());
        assertThat(study.path("studyDate").asText()).isEqualTo(stored.study().studyDate());
        String patientId = stored.study().patient().id();
        assertThat(study.path("maskedPatientId").asText()).startsWith("****").doesNotContain(patientId);
        assertThat(reply.text()).doesNotContain(patientId).doesNotContain(stored.study().patient().name());
        assertThat(study.path("thumbnail").asText()).isEqualTo("/api/studies/" + storedId + "/thumbnail.png");
        assertThat(study.path("diagnosticReport").asText()).isEqualTo("/fhir/DiagnosticReport/" + storedId);
        assertThat(study.path("model").path("version").asText()).isEqualTo(fixture.info().version());
    }

    @Test
    void thumbnailIsTheStoredPng() throws Exception {
        Http.Reply reply = http.get("/api/studies/" + storedId + "/thumbnail.png", TestServer.TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(reply.body())).getWidth()).isPositive();
    }

    @Test
    void detailListsEveryFrameRankedWithHeatMapsAndFhirLinks() throws Exception {
        Http.Reply reply = http.get("/api/studies/" + storedId, TestServer.TOKEN);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode s = reply.json();
        JsonNode frames = s.path("frames");
        assertThat(frames.size()).isEqualTo(stored.frames().size());
        assertThat(frames.path(0).path("probability").asDouble()).isCloseTo(stored.topFrames(1).get(0).baProbability(), within(1e-9));
        assertThat(frames.path(0).path("cam").asText()).isEqualTo("/api/studies/" + storedId + "/frames/0/cam.png");
        assertThat(s.path("links").path("diagnosticReport").asText()).isEqualTo("/fhir/DiagnosticReport/" + storedId);

        Http.Reply cam = http.get(frames.path(0).path("cam").asText(), TestServer.TOKEN);
        assertThat(cam.status()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(cam.body())).getWidth()).isPositive();
        Http.Reply report = http.get(s.path("links").path("diagnosticReport").asText(), TestServer.TOKEN);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().path("resourceType").asText()).isEqualTo("DiagnosticReport");
    }

    @Test
    void unknownStudyIs404AndMalformedIdIs400() {
        Http.Reply unknown = http.get("/api/studies/no-such-study", TestServer.TOKEN);
        Http.Reply malformed = http.get("/api/studies/bad%20id%3B", TestServer.TOKEN);
        Http.Reply rank = http.get("/api/studies/" + storedId + "/frames/99/cam.png", TestServer.TOKEN);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.diagnostics()).isEqualTo("study no-such-study is not known");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.diagnostics()).contains("is not a valid study id");
        assertThat(rank.status()).isEqualTo(404);
    }

    @Test
    void badLimitIs400() {
        Http.Reply reply = http.get("/api/studies?limit=zero", TestServer.TOKEN);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.diagnostics()).isEqualTo("limit must be a whole number >= 1, got 'zero'");
    }

    @Test
    void withStoreScoresOnAnUploadBecomesAStudyInTheViewer() throws Exception {
        try (TestServer storing = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults().withStoreScores(true))) {
            Http client = new Http(storing.baseUrl);
            Path photo = fixture.photo(2);

            JsonNode scored = client.multipart("/api/score", "p.jpg", "image/jpeg", Files.readAllBytes(photo)).json();
            String id = scored.path("reportId").asText();

            assertThat(id).isNotBlank();
            JsonNode detail = client.get("/api/studies/" + id, TestServer.TOKEN).json();
            assertThat(detail.path("probability").asDouble()).isCloseTo(scored.path("probability").asDouble(), within(1e-9));
            assertThat(client.get("/api/studies/" + id + "/thumbnail.png", TestServer.TOKEN).status()).isEqualTo(200);
        }
    }

    private static JsonNode find(JsonNode studies, String id) {
        for (JsonNode s : studies) {
            if (id.equals(s.path("id").asText())) {
                return s;
            }
        }
        throw new AssertionError("study " + id + " not listed in " + studies);
    }
}
