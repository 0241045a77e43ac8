package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gbscan.web.WebApiTest.png;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.fhir.mapping.FhirCodes;
import org.gbscan.inference.FrameScorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the page's API answers when the model's quality gate refuses: {@code POST /api/score} says 422
 * and why, and the study viewer lists a not-assessable study without a probability. A scorer that
 * refuses every frame stands in for the gate, which inference tests on its own.
 */
class NotAssessableApiTest {
    private static final ModelInfo MODEL = new ModelInfo("gate-double", "1.0", "resnet18", 0.5);
    private static final Refusal SCREENSHOT = new Refusal(Refusal.Reason.SCREENSHOT, "flat background 71% of the image");
    private static final FrameScorer REFUSES_EVERYTHING =
            frames -> frames.stream().map(f -> FrameScore.refused(f, SCREENSHOT)).toList();
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        // storing on: a refused upload must still leave nothing behind
        server = TestServer.start(REFUSES_EVERYTHING, MODEL, WebSettings.defaults().withStoreScores(true));
        http = new Http(server.baseUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploadTheGateRefusesIs422WithAnOperationOutcomeThatNamesTheReasonAndIsNotStored() throws Exception {
        int storedBefore = server.store.recentStudies(1000).size();
        // 60x60, the size of the published study's images: passes the default web.minImageSide, reaches the model
        Http.Reply reply = http.multipart("/api/score", "scan.png", "image/png", png(structured(60, 60)));

        assertThat(reply.status()).as(reply.text()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/fhir+json");
        JsonNode issue = reply.json().path("issue").path(0);
        assertThat(issue.path("severity").asText()).isEqualTo("error");
        assertThat(issue.path("code").asText()).isEqualTo("processing");
        assertThat(reply.diagnostics()).startsWith("scan.png is not assessable: " + Refusal.Reason.SCREENSHOT.text()
                + " (flat background 71% of the image); gbscan gives no probability for it");
        assertThat(issue.path("details").path("coding").path(0).path("system").asText()).isEqualTo(FhirCodes.GBSCAN_CODES);
        assertThat(issue.path("details").path("coding").path(0).path("code").asText()).isEqualTo("screenshot");
        assertThat(issue.path("details").path("text").asText()).isEqualTo(Refusal.Reason.SCREENSHOT.text());
        assertThat(server.store.recentStudies(1000)).hasSize(storedBefore);
    }

    @Test
    void aNotAssessableStudyIsListedAndShownWithoutProbabilityOrLabelAndWithItsReason() throws Exception {
        StudyRef study = Fixtures.study("PID-NA-77");
        InstanceRef image = Fixtures.instance(study, SopClass.US_IMAGE, 1);
        Frame frame = Fixtures.gradient(image, 0, 160, 120, PixelFormat.GRAY8);
        Refusal blank = new Refusal(Refusal.Reason.BLANK, "pixel spread 0.4% of full scale");
        String id = server.store.save(StudyResult.notAssessable(study, List.of(image),
                List.of(FrameScore.refused(frame, blank)), blank, MODEL, Instant.parse("2026-01-02T03:04:05Z")), java.util.Map.of());

        Http.Reply list = http.get("/api/studies", TestServer.TOKEN);
        Http.Reply one = http.get("/api/studies/" + id, TestServer.TOKEN);

        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode s : list.json().path("studies")) {
            if (s.path("id").asText().equals(id)) {
                listed = s;
            }
        }
        assertThat(listed).as("study %s in %s", id, list.text()).isNotNull();
        for (JsonNode s : List.of(listed, one.json())) {
            assertThat(s.get("probability").isNull()).as(s.toString()).isTrue();
            assertThat(s.get("label").isNull()).as(s.toString()).isTrue();
            assertThat(s.path("labelText").asText()).isEqualTo(blank.message());
            assertThat(s.path("refused").asText()).isEqualTo(Refusal.Reason.BLANK.text());
            assertThat(s.path("refusedCode").asText()).isEqualTo("blank");
            assertThat(s.path("frameCount").asInt()).isEqualTo(1);
        }
        assertThat(one.json().path("frames")).isEmpty();
    }

    /** Grey with a bright disc: contrast enough for the upload checks, so the request reaches the scorer. */
    private static BufferedImage structured(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 6, h / 6, w / 2, h / 2);
        g.dispose();
        return image;
    }
}
