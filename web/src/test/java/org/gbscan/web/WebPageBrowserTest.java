package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gbscan.core.Photos;
import org.gbscan.core.StudyResult;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page in a real browser: Debian's headless Chromium driven by playwright-core
 * ({@code src/test/browser/page.test.mjs}) against the running server with the phantom test model.
 * Installs what it needs through {@code src/test/browser/setup.sh} (idempotent). Screenshots and the
 * upload-to-result timings land in {@code web/target/screenshots/}.
 */
class WebPageBrowserTest {
    private static final Logger LOG = LoggerFactory.getLogger(WebPageBrowserTest.class);
    private static final Path MODULE = Path.of(System.getProperty("gbscan.repo.root", "..")).resolve("web");
    private static final Path BROWSER = MODULE.resolve("src/test/browser");
    private static final Path SHOTS = MODULE.resolve("target/screenshots");

    @Test
    void phoneSizedPageScoresAPhotoAndShowsStoredStudiesInRealChromium() throws Exception {
        run(List.of("bash", BROWSER.resolve("setup.sh").toString()), Map.of(), 600, MODULE.resolve("target/browser-setup.log"));
        WebFixture fixture = WebFixture.get();
        try (TestServer server = TestServer.start(fixture.scorer(), fixture.info(), WebSettings.defaults())) {
            String studyId = null;
            for (Path dicom : fixture.onePerPatient()) { // a few studies; the script opens the last one stored
                StudyResult study = fixture.scoreStudy(dicom);
                studyId = server.store.save(study, fixture.camPngs(study, 3));
            }
            Path photo = fixture.baPhoto();
            double direct = fixture.scorer().scoreAll(Photos.read(photo).frames()).get(0).baProbability();
            double served = new Http(server.baseUrl).multipart("/api/score", "p.jpg", "image/jpeg", Files.readAllBytes(photo))
                    .json().path("probability").asDouble();
            assertThat(served).isCloseTo(direct, within(1e-5));

            Path log = MODULE.resolve("target/browser-test.log");
            String output = run(List.of("node", BROWSER.resolve("page.test.mjs").toString()), Map.of(
                    "GBSCAN_URL", server.baseUrl,
                    "GBSCAN_PHOTO", photo.toAbsolutePath().toString(),
                    "GBSCAN_EXPECTED", String.format(Locale.ROOT, "%.1f %%", served * 100),
                    "GBSCAN_TOKEN", TestServer.TOKEN,
                    "GBSCAN_STUDY_ID", studyId,
                    "GBSCAN_SHOTS", SHOTS.toAbsolutePath().toString(),
                    "GBSCAN_UPLOADS", System.getProperty("gbscan.web.uploads", "20")), 300, log);

            String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("browser script printed no RESULT line:\n" + output));
            LOG.info("browser upload-to-result timings: {}", result.substring(7));
            assertThat(SHOTS.resolve("02-result-375.png")).isNotEmptyFile();
            assertThat(SHOTS.resolve("06-study-375.png")).isNotEmptyFile();
        }
    }

    /** Runs a command to completion; its output goes to the log file, and a failure shows it. */
    private static String run(List<String> command, Map<String, String> env, int timeoutSeconds, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(BROWSER.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
