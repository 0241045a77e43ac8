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
 * Issue 16: a request whose headers never end and an upload that stalls stayed open indefinitely, and headers
 * trickled a byte at a time beat the header deadline. Each test holds a raw socket the way such a client does
 * and measures when the server closes it.
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
        // the first request loads the server's classes on the event loop (seconds on a busy machine); a test
        // that times a deadline must not time that
        org.awaitility.Awaitility.await("a first answer").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            try (Socket warm = new Socket("127.0.0.1", port)) {
                warm.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                warm.setSoTimeout(60_000);
                assertThat(new String(warm.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            }
        });
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
    void headersTrickledAByteAtATimeAreClosedAtTheHeaderDeadlineWhileStillArriving() throws Exception {
        // one byte every 100 ms: each far inside the 2 s idle timeout, the whole header ~60 s (longer than any
        // stall of a busy test machine), the deadline 1 s
        byte[] header = ("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(570) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Trickle t = trickle(new byte[0], header);
        assertThat(t.answered()).as("bytes answered before closing").isZero();
        assertThat(t.sentWhenClosed()).as("header bytes sent when the server closed").isBetween(2, header.length - 1);
        assertThat(t.seconds()).as("seconds until closed").isBetween(0.8, 4.0);
    }

    @Test
    void anUploadTrickledAByteAtATimeIsCutAtTheRequestDeadlineWhileStillArriving() throws Exception {
        // complete headers, then a 100 KB body at a byte every 100 ms: never idle for 2 s, the request deadline is 3 s
        byte[] head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Trickle t = trickle(head, new byte[200]);
        assertThat(t.sentWhenClosed()).as("body bytes sent when the server gave up").isBetween(2, 199);
        assertThat(t.seconds()).as("seconds until the server gave up").isBetween(2.5, 6.0);
        assertThat(new String(t.answer(), StandardCharsets.US_ASCII)).as("what the server answered").satisfiesAnyOf(
                a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
    }

    /** What a trickling client saw: when the server hung up, how far it had got, and any answer. */
    private record Trickle(double seconds, int sentWhenClosed, byte[] answer) {
        int answered() {
            return answer.length;
        }
    }

    /** Sends {@code head} at once, then {@code slow} a byte every 100 ms, until the server closes the connection. */
    private Trickle trickle(byte[] head, byte[] slow) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.flush();
            Thread trickler = new Thread(() -> {
                try {
                    for (byte b : slow) {
                        out.write(b);
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(100); // the client's pace, not a synchronisation
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    // the server hung up: what these tests expect
                }
            }, "trickler");
            long started = System.nanoTime();
            trickler.start();
            s.setSoTimeout(30_000);
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(answer);
            } catch (java.net.SocketException e) {
                // reset: closed as well
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int sentWhenClosed = sent.get();
            trickler.interrupt();
            trickler.join(5_000);
            return new Trickle(seconds, sentWhenClosed, answer.toByteArray());
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
