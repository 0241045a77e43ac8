package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gbscan.core.Config;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.listener.DicomListener;
import org.gbscan.listener.ListenerSettings;
import org.gbscan.listener.StudyReady;
import org.gbscan.trainer.testing.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@link Service} as {@code gbscan serve} wires it, on a spool left by an earlier run: what the
 * listener decided at start must reach the scoring route and {@code /health}.
 */
class ServiceTest {
    private static final String TOKEN = "service-test";
    @TempDir
    Path tmp;
    private Service service;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * Issue 16: the scoring route decoded spooled instances with the built-in image limits, not the
     * configured ones. The spool holds two studies received under the default limits; the service starts with
     * tighter ones: the study within them is scored, the one beyond them is closed without decoding.
     */
    @Test
    void theScoringRouteAppliesTheConfiguredImageLimitsToSpooledInstances() throws Exception {
        StudyRef wide = Fixtures.study("WIDE");
        StudyRef narrow = Fixtures.study("NARROW");
        spoolPending(Map.of(), List.of(TestStudies.write(src(), wide, 1, 320, 240), TestStudies.write(src(), narrow, 1, 200, 160)));

        service = Service.start(config(Map.of("listener.image.maxColumns", "256", "listener.image.maxRows", "256")));

        await("both studies finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.pendingStudies() == 0);
        assertThat(reports(narrow)).as("reports of the study within the limits").isEqualTo(1);
        assertThat(reports(wide)).as("reports of the study beyond listener.image.maxColumns").isZero();
    }

    /** Issue 16: a study parked by the listener at start (listener.maxDeliveries) makes /health DOWN. */
    @Test
    void aStudyParkedAtStartMakesHealthDownWithTheReason() throws Exception {
        spoolPending(Map.of("listener.maxDeliveries", "1"), List.of(TestStudies.write(src(), Fixtures.study("POISON"), 1, 64, 48)));

        service = Service.start(config(Map.of("listener.maxDeliveries", "1")));

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("1 parked by the listener");
        assertThat(service.pendingStudies()).isZero();
    }

    private Path src() throws java.io.IOException {
        return Files.createDirectories(tmp.resolve("src"));
    }

    /**
     * Sends the studies to a bare listener on the service's spool whose pipeline never finishes them (as a
     * process killed while scoring): each is handed on once and stays pending.
     */
    private void spoolPending(Map<String, String> extra, List<List<Path>> studies) throws Exception {
        List<StudyReady> handedOn = new CopyOnWriteArrayList<>();
        try (DicomListener listener = DicomListener.start(ListenerSettings.from(config(extra)), handedOn::add,
                new SimpleMeterRegistry())) {
            for (List<Path> files : studies) {
                Processes.Result sent = Processes.storescu("MODALITY", "GBSCAN", listener.port(), files);
                assertThat(sent.ok()).as(sent.output()).isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> handedOn.size() == studies.size());
            assertThat(listener.pendingStudies()).isEqualTo(studies.size());
        }
    }

    private Config config(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of(
                "inference.model.dir", TestModels.phantomModel().toString(),
                "listener.host", "127.0.0.1", "listener.port", "0", "listener.allowAnyCaller", "true",
                "listener.spool.dir", tmp.resolve("spool").toString(), "listener.settle", "300ms",
                "reporting.outbox.dir", tmp.resolve("outbox").toString(), "store.dir", tmp.resolve("store").toString(),
                "http.host", "127.0.0.1", "http.port", "0"));
        c.put("http.token", TOKEN);
        c.putAll(extra);
        return Config.of(c);
    }

    private int reports(StudyRef study) throws Exception {
        String identifier = URLEncoder.encode("urn:dicom:uid|urn:oid:" + study.studyInstanceUid(), StandardCharsets.UTF_8);
        HttpResponse<String> bundle = get("/fhir/DiagnosticReport?identifier=" + identifier);
        assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
        JsonNode entries = new ObjectMapper().readTree(bundle.body()).path("entry");
        return entries.size();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
