package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Label;
import org.gbscan.core.Photos;
import org.gbscan.core.dicom.DicomFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/score} against the real server, the phantom test model and phantom files. */
class WebApiTest {
    private static WebFixture fixture;
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        fixture = WebFixture.get();
        server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults());
        http = new Http(server.baseUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void phonePhotoGetsTheSameProbabilityAsTheScorerGivesTheSameFile() throws Exception {
        Path photo = fixture.photo(0);
        double direct = fixture.scorer().scoreAll(Photos.read(photo).frames()).get(0).baProbability();

        Http.Reply reply = http.multipart("/api/score", photo.getFileName().toString(), "image/jpeg", Files.readAllBytes(photo));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode r = reply.json();
        assertThat(r.path("probability").asDouble()).isCloseTo(direct, within(1e-5));
        double threshold = fixture.info().threshold();
        assertThat(r.path("threshold").asDouble()).isEqualTo(threshold);
        assertThat(r.path("label").asText()).isEqualTo(Label.atThreshold(r.path("probability").asDouble(), threshold).name());
        assertThat(r.path("model").path("name").asText()).isEqualTo(fixture.info().name());
        assertThat(r.path("model").path("version").asText()).isEqualTo(fixture.info().version());
        assertThat(r.path("timing").path("totalMs").asLong()).isGreaterThanOrEqualTo(r.path("timing").path("scoreMs").asLong());
        assertThat(r.path("input").path("kind").asText()).isEqualTo("photo");
        assertThat(r.path("disclaimer").asText()).isEqualTo("AI-generated - not for diagnostic use");
        assertThat(r.path("reportId").isNull()).as("nothing stored by default").isTrue();

        BufferedImage overlay = decodeDataUri(r.path("camOverlay").asText(), "data:image/png;base64,");
        assertThat(overlay.getWidth()).isBetween(64, WebSettings.defaults().overlaySide() * 2);
        assertThat(r.path("preview").isNull()).as("the browser has the photo itself").isTrue();
    }

    @Test
    void rawBodyUploadIsScoredLikeAMultipartOne() throws Exception {
        Path photo = fixture.photo(1);
        double direct = fixture.scorer().scoreAll(Photos.read(photo).frames()).get(0).baProbability();

        Http.Reply reply = http.raw("/api/score?name=" + photo.getFileName(), "image/jpeg", Files.readAllBytes(photo));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().path("probability").asDouble()).isCloseTo(direct, within(1e-5));
    }

    @Test
    void dicomUploadScoresItsFramesAndTakesTheirMeanLikeAStudy() throws Exception {
        Path dicom = fixture.dicom(0);
        ImageInstance image = DicomFiles.read(dicom, WebSettings.defaults().maxFrames());
        double mean = fixture.scorer().scoreAll(image.frames()).stream().mapToDouble(FrameScore::baProbability)
                .average().orElseThrow();

        Http.Reply reply = http.multipart("/api/score", dicom.getFileName().toString(), "application/dicom",
                Files.readAllBytes(dicom));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode r = reply.json();
        assertThat(r.path("probability").asDouble()).isCloseTo(mean, within(1e-5));
        assertThat(r.path("input").path("kind").asText()).isEqualTo("dicom");
        assertThat(r.path("input").path("framesScored").asInt()).isEqualTo(image.frames().size());
        assertThat(decodeDataUri(r.path("camOverlay").asText(), "data:image/png;base64,").getWidth()).isPositive();
        assertThat(decodeDataUri(r.path("preview").asText(), "data:image/jpeg;base64,").getWidth()).isPositive();
    }

    @Test
    void concurrentUploadsAreAllAnsweredWithTheirOwnScores() throws Exception {
        List<Path> photos = List.of(fixture.photo(0), fixture.photo(1), fixture.photo(2), fixture.photo(3));
        List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
        for (Path p : photos) {
            byte[] bytes = Files.readAllBytes(p);
            replies.add(CompletableFuture.supplyAsync(() -> http.multipart("/api/score", p.getFileName().toString(),
                    "image/jpeg", bytes)));
        }
        for (int i = 0; i < photos.size(); i++) {
            double direct = fixture.scorer().scoreAll(Photos.read(photos.get(i)).frames()).get(0).baProbability();
            Http.Reply reply = replies.get(i).get();
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.json().path("probability").asDouble()).isCloseTo(direct, within(1e-5));
        }
    }

    @Test
    void scoringDoesNotStoreAnythingUnlessConfigured() throws Exception {
        int before = server.store.recentStudies(1000).size();

        assertThat(http.multipart("/api/score", "a.jpg", "image/jpeg", Files.readAllBytes(fixture.photo(0))).status()).isEqualTo(200);

        assertThat(server.store.recentStudies(1000)).hasSize(before);
    }

    @Test
    void anUploadWithoutOrWithAWrongTokenIsRefusedWith401() throws Exception {
        byte[] photo = Files.readAllBytes(fixture.photo(0));

        Http.Reply none = new Http(server.baseUrl, null).multipart("/api/score", "a.jpg", "image/jpeg", photo);
        Http.Reply wrong = new Http(server.baseUrl, "not-the-token").multipart("/api/score", "a.jpg", "image/jpeg", photo);

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(none.diagnostics()).contains("bearer token");
    }

    @Test
    void scoreAcceptsOnlyPost() {
        Http.Reply reply = http.get("/api/score");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.diagnostics()).contains("GET is not allowed");
    }

    @Test
    void unknownApiPathIsNotFoundAsAnOperationOutcome() {
        Http.Reply reply = http.get("/api/nothing-here");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/fhir+json");
        assertThat(reply.diagnostics()).contains("/api/nothing-here");
    }

    static BufferedImage decodeDataUri(String uri, String prefix) throws Exception {
        assertThat(uri).startsWith(prefix);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(prefix.length()))));
        assertThat(image).as("decodable image in the data URI").isNotNull();
        return image;
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
