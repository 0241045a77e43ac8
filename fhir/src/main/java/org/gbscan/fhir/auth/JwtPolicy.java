package org.gbscan.fhir.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Access tokens from the hospital's authorisation server (SMART Backend Services / OAuth 2.0): a JWS
 * signed with RS256 or ES256 by a key in the JWKS, from the configured issuer, for our audience, not
 * expired (with a small clock skew), carrying SMART scopes. Verified with the JDK alone. Any other
 * algorithm ({@code none}, HS256 with the public key as secret) is refused before a key is looked at.
 */
public final class JwtPolicy implements AccessPolicy {
    private final JwksKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Clock clock;

    public JwtPolicy(JwksKeys keys, String issuer, String audience, Duration skew, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "http.jwt.issuer");
        this.audience = requireText(audience, "http.jwt.audience");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set when http.auth=jwt");
        }
        return value.trim();
    }

    /** A token that passed: who it names and what it grants. */
    record Claims(String who, List<String> scopes) {
    }

    /** Why a token failed; the message is safe to send back (it names no key material). */
    static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message);
        }
    }

    @Override
    public AccessDecision check(String authorization, Scope required) {
        String token = AccessPolicy.bearer(authorization);
        if (token == null) {
            return AccessDecision.unauthenticated("missing bearer token: send 'Authorization: Bearer <access token>'");
        }
        Claims claims;
        try {
            claims = verify(token);
        } catch (InvalidToken e) {
            return AccessDecision.unauthenticated("invalid access token: " + e.getMessage());
        }
        if (!required.grantedBy(claims.scopes())) {
            return AccessDecision.forbidden(claims.who(), "the access token lacks the scope " + required);
        }
        return AccessDecision.allow(claims.who());
    }

    Claims verify(String token) throws InvalidToken {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("not a signed JWT (three base64url parts)");
        }
        JsonObject header = json(parts[0], "header");
        JsonObject body = json(parts[1], "claims");
        String alg = header.getString("alg", "");
        String kty;
        String jca;
        switch (alg) {
            case "RS256" -> {
                kty = "RSA";
                jca = "SHA256withRSA";
            }
            case "ES256" -> {
                kty = "EC";
                jca = "SHA256withECDSAinP1363Format"; // JWS carries R||S, not DER
            }
            default -> throw new InvalidToken("algorithm '" + alg + "' is not accepted (RS256 or ES256)");
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = decode(parts[2], "signature");
        if (keys.candidates(header.getString("kid"), kty).stream().noneMatch(k -> verifies(jca, k, signed, signature))) {
            throw new InvalidToken("signature does not verify with any key of the issuer");
        }
        checkClaims(body);
        return new Claims(who(body), scopes(body));
    }

    private static boolean verifies(String jca, JwksKeys.Key key, byte[] signed, byte[] signature) {
        try {
            Signature s = Signature.getInstance(jca);
            s.initVerify(key.key());
            s.update(signed);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void checkClaims(JsonObject body) throws InvalidToken {
        if (!issuer.equals(body.getValue("iss"))) {
            throw new InvalidToken("issuer is not " + issuer);
        }
        Object aud = body.getValue("aud");
        boolean forUs = aud instanceof String s ? s.equals(audience)
                : aud instanceof JsonArray a && a.stream().anyMatch(audience::equals);
        if (!forUs) {
            throw new InvalidToken("audience does not include " + audience);
        }
        Instant now = clock.instant();
        Long exp = number(body, "exp");
        if (exp == null) {
            throw new InvalidToken("no expiry (exp)");
        }
        if (now.isAfter(Instant.ofEpochSecond(exp).plus(skew))) {
            throw new InvalidToken("expired");
        }
        Long nbf = number(body, "nbf");
        if (nbf != null && now.isBefore(Instant.ofEpochSecond(nbf).minus(skew))) {
            throw new InvalidToken("not valid yet (nbf)");
        }
    }

    private static Long number(JsonObject body, String claim) throws InvalidToken {
        Object v = body.getValue(claim);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new InvalidToken(claim + " is not a number");
    }

    private static String who(JsonObject body) {
        String client = body.getString("client_id", body.getString("azp", ""));
        String sub = body.getString("sub", "");
        return sub.isEmpty() ? (client.isEmpty() ? "unknown" : client) : (client.isEmpty() || client.equals(sub) ? sub : sub + " via " + client);
    }

    private static List<String> scopes(JsonObject body) {
        Object scope = body.getValue("scope");
        if (scope instanceof String s) {
            return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
        }
        Object scp = body.getValue("scp");
        if (scp instanceof JsonArray a) {
            return a.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static JsonObject json(String part, String what) throws InvalidToken {
        try {
            return new JsonObject(new String(decode(part, what), StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidToken("the " + what + " is not a JSON object");
        }
    }

    private static byte[] decode(String part, String what) throws InvalidToken {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("the " + what + " is not base64url");
        }
    }

    @Override
    public String describe() {
        return "OAuth 2.0 bearer access tokens (SMART Backend Services style): JWTs signed RS256 or ES256 by issuer " + issuer
                + " for audience " + audience + ", with SMART scopes: system/<Type>.read or system/*.read for the FHIR API"
                + " (system/AuditEvent.read for AuditEvent), user/*.read for the web page's /api, system/*.read for /metrics.";
    }

    @Override
    public boolean required() {
        return true;
    }
}
