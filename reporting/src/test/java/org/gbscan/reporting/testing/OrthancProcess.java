package org.gbscan.reporting.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.gbscan.core.dicom.net.Destination;

/**
 * A real Orthanc (Debian's /usr/sbin/Orthanc) in its own process, on loopback ports chosen at
 * construction, with storage in a folder of the test. It can be stopped and started again on the same
 * ports and storage (PACS down, PACS back). Read back through its REST API.
 */
public final class OrthancProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String aeTitle;
    private final int dicomPort;
    private final int httpPort;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    public OrthancProcess(Path home, String aeTitle) {
        this.home = home;
        this.aeTitle = aeTitle;
        this.dicomPort = freePort();
        this.httpPort = freePort();
    }

    /** Where gbscan should send: valid whether or not the server is running. */
    public Destination destination() {
        return new Destination(aeTitle, "127.0.0.1", dicomPort);
    }

    public OrthancProcess start() {
        try {
            Files.createDirectories(home.resolve("storage"));
            ObjectNode cfg = JSON.createObjectNode();
            cfg.put("Name", "gbscan-test-" + aeTitle);
            cfg.put("DicomAet", aeTitle);
            cfg.put("DicomPort", dicomPort);
            cfg.put("HttpPort", httpPort);
            cfg.put("RemoteAccessAllowed", false);
            cfg.put("AuthenticationEnabled", false);
            cfg.put("StorageDirectory", home.resolve("storage").toString());
            cfg.put("IndexDirectory", home.resolve("storage").toString());
            cfg.put("DicomCheckCalledAet", true);
            cfg.put("DicomAlwaysAllowStore", true);
            cfg.put("OverwriteInstances", true);
            cfg.put("SaveJobs", false);
            cfg.putArray("Plugins");
            Path config = home.resolve("orthanc.json");
            Files.writeString(config, JSON.writeValueAsString(cfg));
            ProcessBuilder pb = new ProcessBuilder("Orthanc", config.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("orthanc.log").toFile());
            pb.environment().put("TCP_NODELAY", "1");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Orthanc (Debian package orthanc): " + e.getMessage(), e);
        }
        Awaitility.await("Orthanc " + aeTitle + " answers on HTTP").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> get("/system").has("DicomAet"));
        return this;
    }

    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Orthanc ids of the instances stored for a Study Instance UID (empty when the study is unknown). */
    public List<String> instancesOfStudy(String studyInstanceUid) {
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : post("/tools/lookup", studyInstanceUid)) {
            if ("Study".equals(hit.path("Type").asText())) {
                for (JsonNode inst : get("/studies/" + hit.path("ID").asText() + "/instances")) {
                    ids.add(inst.path("ID").asText());
                }
            }
        }
        return ids;
    }

    /** The stored Part 10 file of an instance. */
    public byte[] file(String instanceId) {
        return send(HttpRequest.newBuilder(uri("/instances/" + instanceId + "/file")).GET().build()).body();
    }

    public JsonNode tags(String instanceId) {
        return get("/instances/" + instanceId + "/simplified-tags");
    }

    private JsonNode get(String path) {
        return parse(send(HttpRequest.newBuilder(uri(path)).GET().build()).body());
    }

    private ArrayNode post(String path, String body) {
        JsonNode n = parse(send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
        return n instanceof ArrayNode a ? a : JSON.createArrayNode();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc answered " + r.statusCode() + " to " + request.uri());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
