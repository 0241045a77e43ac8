package org.gbscan.fhir.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorisation server's public keys (RFC 7517 JWKS), from a file (re-read when it changes) or an
 * HTTPS URL (cached, fetched again at most every {@link #REFETCH} when a token names a key we lack: that
 * is how a key rotation shows up). RSA and EC P-256 keys only: the algorithms we verify.
 */
public final class JwksKeys {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    static final Duration REFETCH = Duration.ofSeconds(30);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** One usable key: its id (may be empty) and JWS algorithm family ("RSA" or "EC"). */
    record Key(String kid, String kty, PublicKey key) {
    }

    private final String source;
    private final HttpClient http;
    private volatile List<Key> keys = List.of();
    private volatile FileTime fileTime;
    private volatile long fetchedAt;

    public JwksKeys(String source) throws AuthConfigException {
        this.source = source.trim();
        this.http = isUrl() ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : null;
        reload();
        if (keys.isEmpty()) {
            throw new AuthConfigException("http.jwt.jwks " + source + " holds no RSA or EC P-256 key");
        }
    }

    private boolean isUrl() {
        return source.startsWith("https://") || source.startsWith("http://");
    }

    /** Keys that may have signed a token with this header: by kid, else every key of the family. */
    List<Key> candidates(String kid, String kty) {
        refreshIfStale(false);
        List<Key> found = match(kid, kty);
        if (found.isEmpty() && kid != null) {
            refreshIfStale(true); // an unknown kid: the issuer may have rotated its keys
            found = match(kid, kty);
        }
        return found;
    }

    private List<Key> match(String kid, String kty) {
        return keys.stream().filter(k -> k.kty().equals(kty) && (kid == null || kid.equals(k.kid()))).toList();
    }

    private void refreshIfStale(boolean unknownKid) {
        try {
            if (isUrl()) {
                long age = System.nanoTime() - fetchedAt;
                if (age > MAX_AGE.toNanos() || (unknownKid && age > REFETCH.toNanos())) {
                    reload();
                }
            } else if (!Files.getLastModifiedTime(Path.of(source)).equals(fileTime)) {
                reload();
            }
        } catch (IOException | AuthConfigException e) {
            LOG.warn("cannot refresh the JWKS from {}; keeping the keys we have: {}", source, e.getMessage());
        }
    }

    private synchronized void reload() throws AuthConfigException {
        String text;
        try {
            if (isUrl()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                fetchedAt = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new AuthConfigException("JWKS " + source + " answered HTTP " + r.statusCode());
                }
                text = r.body();
            } else {
                Path p = Path.of(source);
                fileTime = Files.getLastModifiedTime(p);
                text = Files.readString(p);
            }
        } catch (IOException e) {
            throw new AuthConfigException("cannot read the JWKS from " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthConfigException("interrupted while fetching the JWKS", e);
        }
        keys = parse(text);
    }

    static List<Key> parse(String json) throws AuthConfigException {
        JsonArray array;
        try {
            array = new JsonObject(json).getJsonArray("keys");
        } catch (DecodeException | ClassCastException e) {
            throw new AuthConfigException("the JWKS is not a JSON object with a 'keys' array: " + e.getMessage(), e);
        }
        if (array == null) {
            throw new AuthConfigException("the JWKS has no 'keys' array");
        }
        Map<String, Integer> skipped = new HashMap<>();
        List<Key> out = new java.util.ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject k = array.getJsonObject(i);
            String use = k.getString("use", "sig");
            Optional<PublicKey> key = "sig".equals(use) ? publicKey(k) : Optional.empty();
            if (key.isPresent()) {
                out.add(new Key(k.getString("kid"), k.getString("kty"), key.get()));
            } else {
                skipped.merge(k.getString("kty", "?"), 1, Integer::sum);
            }
        }
        if (!skipped.isEmpty()) {
            LOG.debug("JWKS keys not usable for RS256/ES256 signatures, by type: {}", skipped);
        }
        return List.copyOf(out);
    }

    private static Optional<PublicKey> publicKey(JsonObject k) {
        try {
            return switch (k.getString("kty", "")) {
                case "RSA" -> Optional.of(KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(unsigned(k.getString("n")), unsigned(k.getString("e")))));
                case "EC" -> "P-256".equals(k.getString("crv")) ? Optional.of(KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(new ECPoint(unsigned(k.getString("x")), unsigned(k.getString("y"))), p256()))) : Optional.empty();
                default -> Optional.empty();
            };
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("a JWKS key (kid {}) is malformed and ignored: {}", k.getString("kid"), e.toString());
            return Optional.empty();
        }
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }

    static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(ECParameterSpec.class);
    }
}
