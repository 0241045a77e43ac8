package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gbscan.web.WebApiTest.ascii;
import static org.gbscan.web.WebApiTest.png;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way {@code POST /api/score} refuses an upload: status, OperationOutcome, and a message a user can act on. */
class UploadErrorsTest {
    private static final long LIMIT = 300 * 1024;
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        WebFixture fixture = WebFixture.get();
        server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults().withMaxUploadBytes(LIMIT));
        http = new Http(server.baseUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploadOverTheConfiguredSizeIs413() {
        Http.Reply reply = http.multipart("/api/score", "big.jpg", "image/jpeg", noise(2 * LIMIT));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/fhir+json");
        assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("too-costly");
        assertThat(reply.diagnostics()).contains("larger than the limit of 300 KiB").contains("web.maxUploadBytes");
    }

    @Test
    void rawBodyOverTheSizeIs413AlsoWhenItsLengthIsOnlyKnownWhileReading() {
        Http.Reply declared = http.raw("/api/score", "image/jpeg", noise(LIMIT + 1));
        Http.Reply streamed = http.chunked("/api/score", "image/jpeg", noise(3 * LIMIT));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.raw().headers().firstValue("Content-Length")).isPresent();
        assertThat(streamed.diagnostics()).contains("larger than the limit");
    }

    @Test
    void serverStillAnswersOnTheSameClientAfterA413() throws Exception {
        assertThat(http.raw("/api/score", "image/jpeg", noise(2 * LIMIT)).status()).isEqualTo(413);

        byte[] photo = Files.readAllBytes(WebFixture.get().photo(0));
        assertThat(photo.length).as("phantom photo fits the test limit").isLessThan((int) LIMIT);
        assertThat(http.raw("/api/score", "image/jpeg", photo).status()).isEqualTo(200);
    }

    @Test
    void clientsThatAskToContinueGetTheGoAheadOrAnEarly413() throws Exception {
        assertThat(http.expectContinueAnswer("/api/score", "image/jpeg", LIMIT / 2)).isEqualTo("HTTP/1.1 100 Continue");
        assertThat(http.expectContinueAnswer("/api/score", "image/jpeg", 2 * LIMIT)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }

    @Test
    void textFileIs415WithAMessage() {
        Http.Reply reply = http.multipart("/api/score", "notes.txt", "text/plain", ascii("not a picture at all"));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().path("issue").path(0).path("code").asText()).isEqualTo("not-supported");
        assertThat(reply.diagnostics()).isEqualTo("notes.txt is not an image: upload a JPEG or PNG photo of the"
                + " ultrasound image, or a DICOM file");
    }

    @Test
    void otherImageFormatsAre415AndHeicSaysHowToGetAJpeg() {
        byte[] heic = new byte[64];
        System.arraycopy(ascii("\0\0\0\u0018ftypheic"), 0, heic, 0, 12);
        byte[] gif = Arrays.copyOf(ascii("GIF89a"), 64);

        Http.Reply heicReply = http.multipart("/api/score", "IMG_0001.HEIC", "image/heic", heic);
        Http.Reply gifReply = http.raw("/api/score", "image/gif", gif);

        assertThat(heicReply.status()).isEqualTo(415);
        assertThat(heicReply.diagnostics()).contains("HEIC/HEIF image").contains("Most Compatible");
        assertThat(gifReply.status()).isEqualTo(415);
        assertThat(gifReply.diagnostics()).startsWith("the upload is a GIF image");
    }

    @Test
    void fileDeclaredAsDicomThatIsNotDicomIs415() {
        Http.Reply reply = http.multipart("/api/score", "scan.dcm", "application/dicom", ascii("plain text, no DICOM here"));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.diagnostics()).startsWith("scan.dcm is declared as DICOM but is not a DICOM Part 10 file");
    }

    @Test
    void imageSmallerThan32PixelsIs422() throws Exception {
        BufferedImage tiny = new BufferedImage(30, 24, BufferedImage.TYPE_INT_RGB);
        paintStructure(tiny);

        Http.Reply reply = http.multipart("/api/score", "tiny.png", "image/png", png(tiny));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.diagnostics()).isEqualTo("tiny.png is too small to score: 30x24 px, needs at least 32 px"
                + " on each side; photograph the ultrasound image so it fills most of the picture");
    }

    @Test
    void blankImageWithNoUsableRegionIs422() throws Exception {
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, 640, 480);
        g.dispose();

        Http.Reply reply = http.multipart("/api/score", "wall.png", "image/png", png(blank));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.diagnostics()).startsWith("wall.png has no usable image region: it is blank or almost uniform");
    }

    @Test
    void blackPhotoHasNoUsableRegionEither() throws Exception {
        Http.Reply reply = http.multipart("/api/score", "lens-cap.png", "image/png",
                png(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.diagnostics()).contains("no usable image region");
    }

    @Test
    void truncatedJpegIs422() throws Exception {
        byte[] photo = Files.readAllBytes(WebFixture.get().photo(0));
        byte[] broken = Arrays.copyOf(photo, 40);

        Http.Reply reply = http.multipart("/api/score", "cut.jpg", "image/jpeg", broken);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.diagnostics()).startsWith("the JPEG image could not be decoded");
    }

    @Test
    void damagedDicomIs422WithTheReadersReason() throws Exception {
        byte[] dicom = Files.readAllBytes(WebFixture.get().dicom(0));
        byte[] broken = Arrays.copyOf(dicom, 400);

        Http.Reply reply = http.multipart("/api/score", "cut.dcm", "application/dicom", broken);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.diagnostics()).startsWith("the DICOM file cannot be scored: ");
    }

    @Test
    void emptyUploadAndFormWithoutFileAre400() {
        Http.Reply empty = http.raw("/api/score", "image/jpeg", new byte[0]);
        Http.Reply noFile = http.raw("/api/score", "multipart/form-data; boundary=XyZ",
                ascii("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ--\r\n"));

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.diagnostics()).startsWith("the upload is empty");
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.diagnostics()).startsWith("the form has no file");
    }

    private static byte[] noise(long size) {
        byte[] b = new byte[(int) size];
        new Random(3).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    /** Something with contrast, so only the size is wrong. */
    private static void paintStructure(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.WHITE);
        g.fillOval(5, 5, image.getWidth() / 2, image.getHeight() / 2);
        g.dispose();
    }
}
