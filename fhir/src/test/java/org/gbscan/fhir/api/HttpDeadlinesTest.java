package org.gbscan.fhir.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.store.ReportStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a request whose headers never end and an upload that stalls stayed open indefinitely. Each test
 * holds a raw socket the way such a client does and measures when the server closes it.
 */
class HttpDeadlinesTest {
    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(3), 4);
    @TempDir
    Path dir;
    private Vertx vertx;
    private ReportStore store;
    private int port;

    @BeforeEach
    void start() throws Exception {
        FhirSettings settings = FhirSettings.from(Config.of(Map.of("store.dir", dir.toString(), "http.port", "0",
                "http.host", "127.0.0.1", "http.auth", "none", "fhir.zone", "UTC")));
        store = ReportStore.open(settings);
        vertx = Vertx.vertx();
        ApiServer server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of())
                .limits(LIMITS);
        // an upload endpoint that, like /api/score, waits for the whole body before answering
        server.router().post("/upload").handler(ctx -> ctx.request().body().onSuccess(b -> ctx.response().end("got " + b.length())));
        port = server.start();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsClosedAtTheHeaderDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            // no blank line: as far as the server knows, more headers are coming
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            s.setSoTimeout(15_000);
            int read = readUntilClosed(s.getInputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(read).as("bytes answered before closing").isZero();
            assertThat(seconds).as("seconds until closed").isBetween(0.8, 4.0);
        }
    }

    @Test
    void anUploadThatStallsIsClosedAtTheIdleDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                    + "only the first bytes").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            s.setSoTimeout(15_000);
            int read = readUntilClosed(s.getInputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(read).as("bytes answered before closing").isZero();
            assertThat(seconds).as("seconds until closed").isBetween(1.5, 6.0);
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndAnHonestClientStillGetsAnswers() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITS.maxConnections(); i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            try (Socket extra = new Socket("127.0.0.1", port)) {
                extra.setSoTimeout(5_000);
                assertThat(readUntilClosed(extra.getInputStream())).isZero();
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(5_000);
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 ");
            }
        });
    }

    @Test
    void limitsComeFromConfig() {
        HttpLimits l = HttpLimits.from(Config.of(Map.of("http.idleTimeout", "5s", "http.headerTimeout", "2s",
                "http.requestTimeout", "1m", "http.maxConnections", "10")));
        assertThat(l).isEqualTo(new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(1), 10));
        assertThat(HttpLimits.from(Config.empty())).isEqualTo(HttpLimits.DEFAULTS);
    }

    private static int readUntilClosed(InputStream in) throws java.io.IOException {
        int total = 0;
        try {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // reset: closed as well
        }
        return total;
    }
}
