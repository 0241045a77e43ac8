package org.gbscan.fhir.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code http.auth=jwt}: where the issuer's keys are and what a token must say, and where clients get tokens
 * (advertised at {@code /.well-known/smart-configuration}).
 *
 * @param jwks                  a JWKS file path or an http(s) URL
 * @param clockSkew             tolerated difference between our clock and the issuer's for exp/nbf
 * @param tokenEndpoint         the authorisation server's token endpoint URL; empty = no SMART discovery document
 * @param authorizationEndpoint its authorisation endpoint URL, for people signing in (authorization code
 *                              with PKCE); empty = systems only (client credentials)
 */
public record JwtSettings(String jwks, String issuer, String audience, Duration clockSkew, String tokenEndpoint,
                          String authorizationEndpoint) {
    public JwtSettings {
        if (jwks == null || jwks.isBlank()) {
            throw new IllegalArgumentException("http.auth=jwt needs http.jwt.jwks (a JWKS file or URL of the authorisation server)");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("http.auth=jwt needs http.jwt.issuer (the 'iss' of its tokens)");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("http.auth=jwt needs http.jwt.audience (the 'aud' tokens for gbscan carry)");
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        tokenEndpoint = httpUrl(tokenEndpoint, "http.jwt.tokenEndpoint");
        authorizationEndpoint = httpUrl(authorizationEndpoint, "http.jwt.authorizationEndpoint");
        if (!authorizationEndpoint.isEmpty() && tokenEndpoint.isEmpty()) {
            throw new IllegalArgumentException("http.jwt.authorizationEndpoint needs http.jwt.tokenEndpoint too (where the code is exchanged)");
        }
    }

    private static String httpUrl(String value, String key) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return v;
        }
        try {
            URI uri = new URI(v);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return v;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below with the key's name
        }
        throw new IllegalArgumentException(key + " must be an absolute http(s) URL, got '" + v + "'");
    }

    /** The JWKS as a URL clients may fetch too; null when it is a local file. */
    public String jwksUri() {
        return jwks.startsWith("https://") || jwks.startsWith("http://") ? jwks : null;
    }

    /** Loads the keys now, so a missing or empty JWKS stops the start rather than every request. */
    public JwtPolicy policy() throws AuthConfigException {
        return new JwtPolicy(new JwksKeys(jwks), issuer, audience, clockSkew, Clock.systemUTC());
    }
}
