package org.gbscan.fhir.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The simple option: one shared secret that grants every read. No scopes, no identity beyond "whoever
 * holds the token"; fine for one integration on a closed network, not for many users.
 */
public final class StaticTokenPolicy implements AccessPolicy {
    private final byte[] expected;

    public StaticTokenPolicy(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a static token must not be empty");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public AccessDecision check(String authorization, Scope required) {
        String given = AccessPolicy.bearer(authorization);
        // constant-time comparison: the token must not leak through response timing
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return AccessDecision.allow("static-token");
        }
        return AccessDecision.unauthenticated("missing or invalid bearer token: send 'Authorization: Bearer <token>'");
    }

    @Override
    public String describe() {
        return "Every request except /metadata needs 'Authorization: Bearer <token>' with the one static token configured"
                + " on the server (http.token). It is not OAuth: there are no scopes and no token endpoint.";
    }

    @Override
    public boolean required() {
        return true;
    }
}
