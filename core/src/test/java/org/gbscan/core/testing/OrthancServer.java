package org.gbscan.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * A real Orthanc (Debian's /usr/sbin/Orthanc) as a test PACS: own process, own JSON config, loopback only,
 * free ports, TCP_NODELAY=1. One per JVM: {@link #shared()} starts it on first use and a shutdown hook stops
 * it. REST helpers use java.net.http; tests add the modalities they need with {@link #putModality}.
 */
public final class OrthancServer {
    public static final String AE_TITLE = "ORTHANC";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OrthancServer shared;

    private final Process process;
    private final int httpPort;
    private final int dicomPort;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancServer(Process process, int httpPort, int dicomPort, Path home) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.home = home;
    }

    /** The JVM's Orthanc, started on first call (about a second), reused afterwards. */
    public static synchronized OrthancServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            OrthancServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "orthanc-stop"));
        }
        return shared;
    }

    /**
     * A separate Orthanc speaking DICOM TLS with these PEM files (its certificate also serves as its client
     * certificate when it sends); stop it yourself. Peers added with {@link #putTlsModality} get TLS.
     */
    public static OrthancServer startWithTls(Path cert, Path key, Path trustedCas) {
        return start(config -> config.put("DicomTlsEnabled", true).put("DicomTlsCertificate", cert.toString())
                .put("DicomTlsPrivateKey", key.toString()).put("DicomTlsTrustedCertificates", trustedCas.toString())
                .put("DicomTlsRemoteCertificateRequired", false));
    }

    private static OrthancServer start() {
        return start(config -> { });
    }

    private static OrthancServer start(java.util.function.Consumer<ObjectNode> extra) {
        try {
            Path root = Path.of(System.getProperty("gbscan.repo.root", "."), "target", "test-cache");
            Files.createDirectories(root);
            Path home = Files.createTempDirectory(root, "orthanc-");
            int httpPort = freePort();
            int dicomPort = freePort();
            ObjectNode config = JSON.createObjectNode();
            config.put("Name", "gbscan-test-pacs");
            config.put("DicomAet", AE_TITLE);
            config.put("DicomPort", dicomPort);
            config.put("HttpPort", httpPort);
            config.put("RemoteAccessAllowed", false);
            config.put("AuthenticationEnabled", false);
            config.put("StorageDirectory", home.resolve("storage").toString());
            config.put("IndexDirectory", home.resolve("index").toString());
            config.putObject("DicomModalities");
            config.put("DicomCheckCalledAet", true);
            config.put("DicomAlwaysAllowStore", true);
            config.put("DicomAlwaysAllowEcho", true);
            config.put("OverwriteInstances", true);
            config.put("SaveJobs", false);
            config.put("DicomScuTimeout", 10);
            config.put("StableAge", 2);
            // a pooled keep-alive connection that Orthanc has closed makes java.net.http fail a POST with EOF
            config.put("KeepAlive", false);
            var plugins = config.putArray("Plugins");
            Path dicomWeb = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
            if (Files.exists(dicomWeb)) {
                plugins.add(dicomWeb.toString());
            }
            extra.accept(config);
            Path configFile = home.resolve("orthanc.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
            ProcessBuilder pb = new ProcessBuilder("/usr/sbin/Orthanc", configFile.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("orthanc.log").toFile());
            pb.environment().put("TCP_NODELAY", "1");
            OrthancServer server = new OrthancServer(pb.start(), httpPort, dicomPort, home);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Orthanc", e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc exited with " + process.exitValue() + "; see " + home.resolve("orthanc.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/system")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting: the HTTP port is not open yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Orthanc", e);
            }
            Thread.onSpinWait();
        }
        throw new IOException("Orthanc did not answer within 30 s; see " + home.resolve("orthanc.log"));
    }

    private static int freePort() {
        return Ports.free();
    }

    public void stop() {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    public int httpPort() {
        return httpPort;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public String aeTitle() {
        return AE_TITLE;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Adds or replaces a DICOM peer Orthanc may send to (and accept from). */
    public void putModality(String name, String aeTitle, String host, int port) {
        ObjectNode body = JSON.createObjectNode().put("AET", aeTitle).put("Host", host).put("Port", port);
        request("PUT", "/modalities/" + name, body.toString());
    }

    /** As {@link #putModality}, reached over DICOM TLS (Orthanc 1.9+ "UseDicomTls"). */
    public void putTlsModality(String name, String aeTitle, String host, int port) {
        ObjectNode body = JSON.createObjectNode().put("AET", aeTitle).put("Host", host).put("Port", port).put("UseDicomTls", true);
        request("PUT", "/modalities/" + name, body.toString());
    }

    /** Uploads a Part 10 file over REST ({@code POST /instances}); returns Orthanc's instance id. */
    public String upload(Path file) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/instances"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).header("Content-Type", "application/dicom").build());
            return JSON.readTree(r.body()).get("ID").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** C-STOREs the given Orthanc resources (instance/series/study ids) to a modality, synchronously. */
    public JsonNode storeTo(String modality, List<String> resourceIds) {
        ObjectNode body = JSON.createObjectNode().put("Synchronous", true);
        var resources = body.putArray("Resources");
        resourceIds.forEach(resources::add);
        return json(request("POST", "/modalities/" + modality + "/store", body.toString()));
    }

    /** Orthanc ids of all instances it holds. */
    public List<String> instanceIds() {
        List<String> ids = new ArrayList<>();
        json(request("GET", "/instances", null)).forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** The instances with this Study Instance UID, as simplified tag maps (tag name -> value). */
    public List<Map<String, String>> instancesOfStudy(String studyInstanceUid) {
        ObjectNode query = JSON.createObjectNode().put("Level", "Instance").put("Expand", true);
        query.putObject("Query").put("StudyInstanceUID", studyInstanceUid);
        List<Map<String, String>> result = new ArrayList<>();
        for (JsonNode instance : json(request("POST", "/tools/find", query.toString()))) {
            String id = instance.get("ID").asText();
            JsonNode tags = json(request("GET", "/instances/" + id + "/simplified-tags", null));
            Map<String, String> map = new java.util.TreeMap<>();
            tags.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            map.put("OrthancID", id);
            result.add(map);
        }
        return result;
    }

    /** Raw bytes of an instance as Orthanc stored it. */
    public byte[] instanceFile(String orthancId) {
        try {
            return http.send(HttpRequest.newBuilder(uri("/instances/" + orthancId + "/file")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every patient, so the next test starts from an empty PACS. */
    public void deleteAll() {
        for (JsonNode p : json(request("GET", "/patients", null))) {
            request("DELETE", "/patients/" + p.asText(), null);
        }
    }

    /** Any REST call; fails on a non-2xx answer with Orthanc's message. */
    public String request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build()).body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    throw new IllegalStateException("Orthanc " + request.method() + " " + request.uri().getPath()
                            + " answered " + r.statusCode() + ": " + r.body());
                }
                return r;
            } catch (IOException e) {
                // a connection closed under us: every call we make is safe to repeat (uploads overwrite)
                if (attempt == 3 || !process.isAlive()) {
                    throw new UncheckedIOException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
