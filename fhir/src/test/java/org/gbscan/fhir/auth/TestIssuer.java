package org.gbscan.fhir.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A stand-in authorisation server for tests: RSA and EC P-256 key pairs made at test time, their JWKS
 * written to a file, and tokens signed with them (RS256 / ES256) or deliberately wrong.
 */
public final class TestIssuer {
    public static final String ISSUER = "https://auth.hospital.test";
    public static final String AUDIENCE = "https://gbscan.hospital.test/fhir";
    public final KeyPair rsa;
    public final KeyPair ec;
    public final KeyPair stranger;
    public final Path jwks;

    public TestIssuer(Path dir) throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        stranger = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
        RSAPublicKey rp = (RSAPublicKey) rsa.getPublic();
        ECPublicKey ep = (ECPublicKey) ec.getPublic();
        JsonObject set = new JsonObject().put("keys", new JsonArray()
                .add(new JsonObject().put("kty", "RSA").put("kid", "rsa-1").put("use", "sig").put("alg", "RS256")
                        .put("n", b64(unsigned(rp.getModulus()))).put("e", b64(unsigned(rp.getPublicExponent()))))
                .add(new JsonObject().put("kty", "EC").put("kid", "ec-1").put("crv", "P-256")
                        .put("x", b64(fixed(ep.getW().getAffineX()))).put("y", b64(fixed(ep.getW().getAffineY())))));
        jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, set.encodePrettily());
    }

    /** Standard claims for a token valid for five minutes with these scopes. */
    public static JsonObject claims(String scope) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "pacs-viewer").put("client_id", "viewer-app")
                .put("iat", now).put("exp", now + 300).put("scope", scope);
    }

    public String rs256(JsonObject claims) {
        return sign("RS256", "rsa-1", "SHA256withRSA", rsa.getPrivate(), claims);
    }

    public String es256(JsonObject claims) {
        return sign("ES256", "ec-1", "SHA256withECDSAinP1363Format", ec.getPrivate(), claims);
    }

    /** Claims the RSA key id, signed with a key the issuer never published. */
    public String forged(JsonObject claims) {
        return sign("RS256", "rsa-1", "SHA256withRSA", stranger.getPrivate(), claims);
    }

    /** {@code alg: none}, the classic downgrade. */
    public static String unsigned(JsonObject claims) {
        return b64(new JsonObject().put("alg", "none").encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String sign(String alg, String kid, String jca, PrivateKey key, JsonObject claims) {
        String input = b64(new JsonObject(Map.of("alg", alg, "kid", kid, "typ", "JWT")).encode().getBytes(StandardCharsets.UTF_8))
                + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = unsigned(v);
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }
}
