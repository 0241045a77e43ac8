package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tarball as a hospital installs it: unpacked into an empty folder and started with {@code bin/gbscan serve}
 * under an empty HOME and a PATH with nothing but the java binary's folder and /usr/bin:/bin (no Maven, no
 * DJL cache, no ~/.m2). It must answer C-ECHO, score a study sent by DCMTK and send the SR to the PACS,
 * report UP, and stop cleanly on SIGTERM, having written nothing into HOME or its own native folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionTest {
    private static final Path REPO = Path.of(System.getProperty("gbscan.repo.root", "..")).toAbsolutePath().normalize();
    private static Path installed;
    private static Path home;
    private static Path work;
    private static Process gbscan;
    private static Map<String, String> config;
    private static List<String> nativeBefore;

    @BeforeAll
    static void unpackTheTarballIntoAnEmptyFolder() throws Exception {
        Path tarball = Distribution.tarball(REPO);
        work = Suite.root().resolve("dist-" + ProcessHandle.current().pid());
        PacsRoundTripTest.deleteTree(work);
        Path unpacked = Files.createDirectories(work.resolve("opt"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
        try (Stream<Path> top = Files.list(unpacked)) {
            installed = top.findFirst().orElseThrow();
        }
        home = Files.createDirectories(work.resolve("empty-home"));
        nativeBefore = listing(installed.resolve("native"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (gbscan != null && gbscan.isAlive()) {
            gbscan.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void holdsTheLauncherEveryJarTheUnpackedPyTorchLibraryTheConfigAndTheUnit() throws IOException {
        assertThat(installed.getFileName().toString()).matches("gbscan-.+");
        assertThat(installed.resolve("bin/gbscan")).isExecutable();
        assertThat(Files.readString(installed.resolve("bin/gbscan"))).startsWith("#!/bin/sh").doesNotContain("mvn", "apt-get");
        assertThat(listing(installed.resolve("lib"))).anyMatch(f -> f.startsWith("pixelmed-"))
                .anyMatch(f -> f.startsWith("gbscan-app-")).anyMatch(f -> f.startsWith("pytorch-engine-"))
                .noneMatch(f -> f.startsWith("pytorch-native-"));
        assertThat(nativeBefore).contains("pytorch/libtorch_cpu.so", "pytorch/0.33.0-libdjl_torch.so", "pytorch/pytorch.properties");
        assertThat(installed.resolve("config/gbscan.properties")).hasSameTextualContentAs(REPO.resolve("config/gbscan.properties"));
        assertThat(Files.readString(installed.resolve("systemd/gbscan.service"))).contains("ProtectSystem=strict",
                "NoNewPrivileges=true", "ReadWritePaths=/var/lib/gbscan", "Restart=on-failure", "-Xmx", "-XX:+ExitOnOutOfMemoryError",
                "User=gbscan");
    }

    @Test
    @Order(2)
    void systemdAcceptsTheUnit() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze is not installed on this machine: the unit file is not verified");
        // verify checks that ExecStart exists: point the unit at this unpacked copy instead of /opt/gbscan.
        Path unit = work.resolve("gbscan.service");
        Files.writeString(unit, Files.readString(installed.resolve("systemd/gbscan.service")).replace("/opt/gbscan", installed.toString()));
        String out = run(List.of("systemd-analyze", "verify", unit.toString()));
        assertThat(out).doesNotContainIgnoringCase("unknown").doesNotContainIgnoringCase("invalid");
    }

    @Test
    @Order(3)
    void servesFromAnEmptyHomeWithoutMavenScoresAStudyAndStopsOnSigterm() throws Exception {
        config = new java.util.TreeMap<>(Suite.gbscanConfig(work.resolve("data")));
        config.put("log.format", "json");
        StringBuilder properties = new StringBuilder();
        config.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        Path file = Files.writeString(work.resolve("gbscan.properties"), properties);
        Suite.PhantomStudy study = Suite.uncompressedStudy(905);

        ProcessBuilder pb = new ProcessBuilder(installed.resolve("bin/gbscan").toString(), "serve", "--config", file.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("gbscan.log").toFile());
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        pb.environment().put("JAVA_OPTS", "-Xmx2g -XX:+ExitOnOutOfMemoryError");
        long started = System.nanoTime();
        gbscan = pb.start();
        await("first C-ECHO answered (see " + work.resolve("gbscan.log") + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(gbscan.isAlive()).as("gbscan is running: %s", log()).isTrue();
                    return echo();
                });
        System.out.printf("packaged gbscan: first C-ECHO answered %.1f s after start%n", (System.nanoTime() - started) / 1e9);

        Suite.storescu(Suite.GBSCAN_DICOM_PORT, study.files());
        await("SR and SC in the PACS").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> Results.in(Suite.pacs(), study.studyInstanceUid()).complete());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + config.get("http.port") + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + config.get("http.port") + "/metrics"))
                .header("Authorization", "Bearer " + config.get("http.token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).as("the batching scorer's meters").contains("gbscan_inference_batch_size");
        assertThat(studyLogLines()).as("JSON log lines carrying the study's tag in the MDC").isNotEmpty();

        gbscan.destroy(); // SIGTERM
        assertThat(gbscan.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
        assertThat(gbscan.exitValue()).as("exit status after SIGTERM: %s", log()).isEqualTo(143);
        assertThat(log()).contains("DICOM listener on port").doesNotContain("Exception").doesNotContain("\"level\":\"ERROR\"");
        assertThat(listing(home)).as("nothing downloaded or unpacked into HOME").isEmpty();
        assertThat(listing(installed.resolve("native"))).as("nothing extracted into the installed native folder")
                .isEqualTo(nativeBefore);
    }

    /** Log lines that parse as JSON objects and carry {"mdc": {"study": ...}}. */
    private static List<JsonNode> studyLogLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new java.util.ArrayList<>();
        for (String line : log().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = json.readTree(line);
                if (node.path("mdc").hasNonNull("study")) {
                    found.add(node);
                }
            }
        }
        return found;
    }

    private static boolean echo() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("echoscu", "-aet", "MODALITY", "-aec", "GBSCAN", "127.0.0.1",
                Integer.toString(Suite.GBSCAN_DICOM_PORT)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static String log() throws IOException {
        return Files.readString(work.resolve("gbscan.log"));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.equals(dir)).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
        return out;
    }
}
