package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.ImageBombs;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a 390 KB PNG declaring 20000x20000 pixels, posted twice, ran the server out of heap (500,
 * OutOfMemoryError); a 16384x16384 JPEG header took 8 s to refuse. Both are now refused from the header,
 * with default settings, within a second, and so is a DICOM file beyond the listener's image limits.
 */
class DecompressionBombTest {
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        WebFixture fixture = WebFixture.get();
        server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults());
        http = new Http(server.baseUrl);
        // the first request pays for the server's and ImageIO's start-up; it is not what this test times
        assertThat(http.multipart("/api/score", "tiny.png", "image/png", WebApiTest.png(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB))).status()).isEqualTo(422);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPngBombPostedTwiceIs422FromItsHeaderWithinASecondEachTime() {
        byte[] bomb = ImageBombs.png20000();
        assertThat(bomb.length).as("upload bytes, well inside web.maxUploadBytes").isLessThan(500_000);
        for (int attempt = 1; attempt <= 2; attempt++) {
            long started = System.nanoTime();
            Http.Reply reply = http.multipart("/api/score", "bomb.png", "image/png", bomb);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("PNG bomb attempt %d answered %d in %.3f s%n", attempt, reply.status(), seconds);

            assertThat(reply.status()).as("attempt " + attempt).isEqualTo(422);
            assertThat(seconds).as("seconds to answer attempt " + attempt).isLessThan(1.0);
            assertThat(reply.contentType()).startsWith("application/fhir+json");
            assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("too-costly");
            assertThat(reply.diagnostics()).contains("bomb.png declares 20000x20000 pixels").contains("web.maxImagePixels");
        }
    }

    @Test
    void aJpegHeaderDeclaring16384SquaredIs422WithinASecond() {
        byte[] bomb = ImageBombs.jpegDeclaring(16_384);
        long started = System.nanoTime();
        Http.Reply reply = http.multipart("/api/score", "huge.jpg", "image/jpeg", bomb);

        assertThat(reply.status()).isEqualTo(422);
        assertThat((System.nanoTime() - started) / 1e9).as("seconds to answer").isLessThan(1.0);
        assertThat(reply.diagnostics()).contains("16384x16384");
    }

    @Test
    void aFewKilobyteDicomCineDeclaring16384SquaredRgbFramesIs422FromItsHeaderWithinASecond(@TempDir Path dir) throws Exception {
        Path cine = ImageBombs.dicomJpegCine(dir, Fixtures.study("UPBOMB"), 8, 32);
        ImageBombs.forgeDicomSize(cine, 16_384);
        byte[] bomb = Files.readAllBytes(cine);
        assertThat(bomb.length).isLessThan(16 * 1024);

        long started = System.nanoTime();
        Http.Reply reply = http.multipart("/api/score", "cine.dcm", "application/dicom", bomb);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(reply.status()).isEqualTo(422);
        // decoding what the header declares would take minutes and 6 GB; 3 s leaves room for a busy machine
        assertThat(seconds).as("seconds to answer").isLessThan(3.0);
        assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("too-costly");
        assertThat(reply.diagnostics()).contains("16384x16384").contains("listener.image");
    }

    /** Issue 16: a DICOM upload was decoded under the built-in limits whatever the operator configured. */
    @Test
    void aDicomUploadBeyondTheConfiguredImageLimitsIs422(@TempDir Path dir) throws Exception {
        WebSettings tight = WebSettings.from(Config.of(Map.of("listener.image.maxRows", "64", "listener.image.maxColumns", "64")));
        Path wide = TestStudies.write(dir, Fixtures.study("UPWIDE"), 1, 128, 96).get(0);
        try (TestServer limited = TestServer.start(WebFixture.get().scorer(), WebFixture.get().info(), tight)) {
            Http.Reply reply = new Http(limited.baseUrl).multipart("/api/score", "wide.dcm", "application/dicom",
                    Files.readAllBytes(wide));

            assertThat(reply.status()).as(reply.diagnostics()).isEqualTo(422);
            assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("too-costly");
            assertThat(reply.diagnostics()).contains("128x96, limit 64x64");
        }
    }

    @Test
    void theCapComesFromConfig() {
        assertThat(WebSettings.from(org.gbscan.core.Config.of(java.util.Map.of("web.maxImagePixels", "1000000")))
                .maxImagePixels()).isEqualTo(1_000_000);
        assertThat(WebSettings.defaults().maxImagePixels()).isEqualTo(50_000_000);
    }
}
