package org.gbscan.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A small HTTP client for the API tests: JDK client, multipart built by hand. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /** Uploads (POST /api/score) carry the test server's token, as the signed-in page does. */
    private final String uploadToken;

    Http(String base) {
        this(base, TestServer.TOKEN);
    }

    Http(String base, String uploadToken) {
        this.base = base;
        this.uploadToken = uploadToken;
    }

    private HttpRequest.Builder post(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        return uploadToken == null ? b : b.header("Authorization", "Bearer " + uploadToken);
    }

    record Reply(int status, String contentType, byte[] body, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The message of an OperationOutcome answer. */
        String diagnostics() {
            JsonNode j = json();
            if (!"OperationOutcome".equals(j.path("resourceType").asText())) {
                throw new AssertionError("expected an OperationOutcome, got " + text());
            }
            return j.path("issue").path(0).path("diagnostics").asText();
        }
    }

    Reply multipart(String path, String fileName, String contentType, byte[] file) {
        String boundary = "----gbscan" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\n");
        write(body, "Content-Disposition: form-data; name=\"note\"\r\n\r\nfrom the test\r\n");
        write(body, "--" + boundary + "\r\n");
        write(body, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n");
        write(body, "Content-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(file);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(post(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Reply raw(String path, String contentType, byte[] body) {
        return send(post(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Sends headers with {@code Expect: 100-continue} over a plain socket (as curl does for large files)
     * and returns the status line the server answers with before any of the body is sent. (The JDK 17
     * client waits forever when that answer is not 100, so it cannot be used here.)
     */
    String expectContinueAnswer(String path, String contentType, long contentLength) {
        URI u = uri(path);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + (uploadToken == null ? "" : "\r\nAuthorization: Bearer " + uploadToken)
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength
                    + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    /** A body of unknown length (chunked transfer), so the server only learns its size while reading. */
    Reply chunked(String path, String contentType, byte[] body) {
        return send(post(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    Reply get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    Reply get(String path) {
        return get(path, null);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
