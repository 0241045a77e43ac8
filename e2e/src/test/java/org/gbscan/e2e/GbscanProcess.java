package org.gbscan.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * {@code gbscan serve} (or {@code gbscan broker}) as its own operating-system process, as a hospital runs it: so
 * it can be killed with SIGKILL mid-work and started again on the same spool, outbox, database or journal.
 */
final class GbscanProcess implements AutoCloseable {
    private final Path home;
    private final Map<String, String> config;
    private final List<String> arguments;
    private final HttpClient http;
    private Process process;

    /** {@code gbscan serve} (role all) with this configuration. */
    GbscanProcess(Path home, Map<String, String> config) {
        this(home, config, List.of("serve"), null);
    }

    /** @param httpsTrust trusts gbscan's certificate; needed when the config says {@code http.tls=true} */
    GbscanProcess(Path home, Map<String, String> config, SSLContext httpsTrust) {
        this(home, config, List.of("serve"), httpsTrust);
    }

    private GbscanProcess(Path home, Map<String, String> config, List<String> arguments, SSLContext httpsTrust) {
        this.home = home;
        this.config = new TreeMap<>(config);
        this.arguments = List.copyOf(arguments);
        if (https() && httpsTrust == null) {
            throw new IllegalArgumentException("http.tls=true: give the SSLContext that trusts gbscan's certificate");
        }
        this.http = httpsTrust == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(httpsTrust).build();
    }

    /** {@code gbscan serve --role listener|worker} with this configuration. */
    static GbscanProcess serve(Path home, Map<String, String> config, String role) {
        return new GbscanProcess(home, config, List.of("serve", "--role", role), null);
    }

    /** {@code gbscan broker} with its journal in {@code home/journal}; up once its port accepts connections. */
    static GbscanProcess broker(Path home, int port) {
        return new GbscanProcess(home, Map.of(), List.of("broker", "--data", home.resolve("journal").toString(), "--port",
                Integer.toString(port)), null);
    }

    private boolean isBroker() {
        return arguments.get(0).equals("broker");
    }

    private int brokerPort() {
        return Integer.parseInt(arguments.get(arguments.indexOf("--port") + 1));
    }

    private boolean https() {
        return Boolean.parseBoolean(config.getOrDefault("http.tls", "false"));
    }

    /** http://127.0.0.1:port, or https:// with http.tls=true (the test certificate names 127.0.0.1). */
    String baseUrl() {
        return (https() ? "https" : "http") + "://127.0.0.1:" + httpPort();
    }

    int httpPort() {
        return Integer.parseInt(config.get("http.port"));
    }

    int dicomPort() {
        return Integer.parseInt(config.get("listener.port"));
    }

    String token() {
        return config.get("http.token");
    }

    GbscanProcess start() throws IOException {
        Files.createDirectories(home);
        StringBuilder properties = new StringBuilder();
        config.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        Path file = Files.writeString(home.resolve("gbscan.properties"), properties);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-Dlogback.configurationFile=logback.xml", "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"));
        String djlCache = System.getProperty("DJL_CACHE_DIR");
        if (djlCache != null) {
            command.add("-DDJL_CACHE_DIR=" + djlCache);
        }
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.gbscan.app.Main"));
        command.addAll(arguments);
        if (!isBroker()) {
            command.addAll(List.of("--config", file.toString()));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("gbscan.log").toFile())).start();
        try {
            // generous: on two cores shared with model training a niced JVM took over 2 minutes to start
            await("gbscan " + String.join(" ", arguments) + " is up (see " + home.resolve("gbscan.log") + ")")
                    .atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("gbscan exited: " + Files.readString(home.resolve("gbscan.log")));
                        }
                        if (isBroker()) {
                            try (java.net.Socket s = new java.net.Socket("127.0.0.1", brokerPort())) {
                                return true;
                            }
                        }
                        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                    });
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly(); // the caller gets no handle to close: leave no process behind
            throw e;
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no draining; whatever was in memory is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, then waits at most {@code wait} for the process to exit (it is killed after that).
     *
     * @return how long the process took to exit after the signal, or empty if it was still running after {@code wait}
     */
    java.util.Optional<Duration> terminate(Duration wait) throws InterruptedException {
        long signalled = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        if (!exited) {
            process.destroyForcibly().waitFor();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(took);
    }

    /** The exit status of the last process (137 after SIGKILL, 143 after an unhandled SIGTERM). */
    int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM: the graceful path. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    String log() throws IOException {
        return Files.readString(home.resolve("gbscan.log"));
    }

    /** GET an HTTP path of this node with its token: status code and body. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled Prometheus sample on /metrics, or NaN when absent. */
    double metric(String name) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
