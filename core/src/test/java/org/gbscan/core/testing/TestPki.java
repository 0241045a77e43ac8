package org.gbscan.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away PKI made with the openssl CLI at test time (nothing is committed): a CA, a server
 * certificate for localhost/127.0.0.1 and a client certificate, RSA 2048, PEM, keys in PKCS#8.
 */
public final class TestPki {
    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client.key");
    }

    public static TestPki create(Path dir) throws IOException {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=gbscan test CA");
        pki.issue("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        pki.issue("client", "/CN=MODALITY", "extendedKeyUsage=clientAuth");
        return pki;
    }

    /** Issues {@code name.pem} / {@code name.key} signed by the CA; a second call replaces them (a renewal). */
    public void issue(String name, String subject, String extension) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key.new", "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem.new", "-days", "2", "-extfile", name + ".ext");
        Files.move(dir.resolve(name + ".key.new"), dir.resolve(name + ".key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve(name + ".pem.new"), dir.resolve(name + ".pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
