package org.gbscan.phantom.pacs;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in hospital PACS for the demo and the tests: a real Orthanc (Debian's {@code /usr/sbin/Orthanc})
 * in its own process, loopback only, its own storage folder and ports. It can be stopped and started again
 * on the same ports and storage (PACS down, PACS back). Driven through Orthanc's REST API.
 */
public final class OrthancPacs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A DICOM node Orthanc knows (and may send to). */
    public record Node(String aeTitle, String host, int port) {
    }

    /** One series of a study as Orthanc stores it. */
    public record Series(String id, String modality, String description, List<String> instanceIds) {
    }

    private final Path home;
    private final String aeTitle;
    private final int dicomPort;
    private final int httpPort;
    private final Map<String, Node> modalities;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int scpTimeoutSeconds = 30;

    public OrthancPacs(Path home, String aeTitle, Map<String, Node> modalities) {
        this.home = home;
        this.aeTitle = aeTitle;
        this.modalities = Map.copyOf(modalities);
        this.dicomPort = freePort();
        this.httpPort = freePort();
    }

    public String aeTitle() {
        return aeTitle;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /**
     * Orthanc's DicomScpTimeout: it ends an association that has been idle this long (its default, 30 s). Takes
     * effect at the next {@link #start()}; a test sets it short to see a PACS end a kept-open association.
     */
    public OrthancPacs scpIdleTimeout(Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("Orthanc counts this timeout in whole seconds, at least 1, got " + timeout);
        }
        this.scpTimeoutSeconds = (int) timeout.toSeconds();
        return this;
    }

    /**
     * Associations to it that are open now, for their sender on this machine: one it has ended is not counted
     * (Orthanc sends an A-ABORT and keeps the connection a while; the sender has not read it yet).
     */
    public int openAssociations() {
        return TcpTable.openAssociations(dicomPort);
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public synchronized OrthancPacs start() throws IOException {
        if (running()) {
            return this;
        }
        Files.createDirectories(home.resolve("storage"));
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("Name", "gbscan-pacs-" + aeTitle);
        cfg.put("DicomAet", aeTitle);
        cfg.put("DicomPort", dicomPort);
        cfg.put("HttpPort", httpPort);
        cfg.put("RemoteAccessAllowed", false);
        cfg.put("AuthenticationEnabled", false);
        cfg.put("StorageDirectory", home.resolve("storage").toString());
        cfg.put("IndexDirectory", home.resolve("storage").toString());
        cfg.put("DicomCheckCalledAet", true);
        cfg.put("DicomAlwaysAllowStore", true);
        // What hospitals run (Orthanc and dcm4chee default): the first copy of a SOP Instance UID stays, so a
        // changed result must come with new UIDs to be seen at all.
        cfg.put("OverwriteInstances", false);
        cfg.put("SaveJobs", false);
        cfg.put("StableAge", 1);
        cfg.put("DicomScpTimeout", scpTimeoutSeconds);
        // Orthanc drops idle keep-alive connections without notice; the JDK client would reuse them and fail.
        cfg.put("KeepAlive", false);
        cfg.putArray("Plugins");
        ObjectNode nodes = cfg.putObject("DicomModalities");
        modalities.forEach((name, node) -> nodes.putArray(name).add(node.aeTitle()).add(node.host()).add(node.port()));
        Path config = home.resolve("orthanc.json");
        Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
        ProcessBuilder pb = new ProcessBuilder("Orthanc", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("orthanc.log").toFile()));
        pb.environment().put("TCP_NODELAY", "1"); // else receiving stalls on Nagle (STACK.md)
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start Orthanc (Debian package orthanc): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (get("/system").has("DicomAet")) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("Orthanc did not start; see " + home.resolve("orthanc.log"), notYet);
                }
            }
            sleep(50);
        }
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        PacsProcess.end(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stores a Part 10 file in Orthanc (as a modality would); returns Orthanc's instance id. */
    public String upload(Path file) throws IOException {
        JsonNode answer = parse(send(HttpRequest.newBuilder(uri("/instances"))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build()).body());
        return answer.path("ID").asText();
    }

    /** Asks Orthanc to C-STORE a whole study to one of its modalities (one association); waits for the job. */
    public void sendStudy(String modality, String studyInstanceUid) {
        String id = studyId(studyInstanceUid).orElseThrow(() -> new IllegalStateException("study not in Orthanc"));
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Resources").add(id);
        body.put("Synchronous", true);
        post("/modalities/" + modality + "/store", body.toString());
    }

    public Optional<String> studyId(String studyInstanceUid) {
        for (JsonNode hit : post("/tools/lookup", studyInstanceUid)) {
            if ("Study".equals(hit.path("Type").asText())) {
                return Optional.of(hit.path("ID").asText());
            }
        }
        return Optional.empty();
    }

    /** The series of a study, with modality and instances; empty when Orthanc does not know the study. */
    public List<Series> series(String studyInstanceUid) {
        List<Series> out = new ArrayList<>();
        Optional<String> study = studyId(studyInstanceUid);
        if (study.isEmpty()) {
            return out;
        }
        for (JsonNode s : get("/studies/" + study.get() + "/series")) {
            List<String> instances = new ArrayList<>();
            s.path("Instances").forEach(i -> instances.add(i.asText()));
            JsonNode tags = s.path("MainDicomTags");
            out.add(new Series(s.path("ID").asText(), tags.path("Modality").asText(),
                    tags.path("SeriesDescription").asText(), instances));
        }
        return out;
    }

    /** All instance ids of a study. */
    public List<String> instancesOfStudy(String studyInstanceUid) {
        return series(studyInstanceUid).stream().flatMap(s -> s.instanceIds().stream()).toList();
    }

    /** The stored Part 10 file of an instance. */
    public byte[] file(String instanceId) {
        return send(HttpRequest.newBuilder(uri("/instances/" + instanceId + "/file")).GET().build()).body();
    }

    /** Orthanc's own rendering of an instance as PNG: what a web viewer shows. */
    public byte[] previewPng(String instanceId) {
        return send(HttpRequest.newBuilder(uri("/instances/" + instanceId + "/preview"))
                .header("Accept", "image/png").GET().build()).body();
    }

    public JsonNode simplifiedTags(String instanceId) {
        return get("/instances/" + instanceId + "/simplified-tags");
    }

    public int studyCount() {
        return get("/studies").size();
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
            HttpResponse<byte[]> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException closedUnderUs) {
                if (!request.method().equals("GET")) {
                    throw closedUnderUs;
                }
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray()); // idempotent: one retry on a fresh connection
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc answered " + r.statusCode() + " to " + request.method() + " "
                        + request.uri().getPath() + ": " + new String(r.body()));
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
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
