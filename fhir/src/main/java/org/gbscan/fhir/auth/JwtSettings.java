package org.gbscan.fhir.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code http.auth=jwt}: where the issuer's keys are and what a token must say.
 *
 * @param jwks      a JWKS file path or an http(s) URL
 * @param clockSkew tolerated difference between our clock and the issuer's for exp/nbf
 */
public record JwtSettings(String jwks, String issuer, String audience, Duration clockSkew) {
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
    }

    /** Loads the keys now, so a missing or empty JWKS stops the start rather than every request. */
    public JwtPolicy policy() throws AuthConfigException {
        return new JwtPolicy(new JwksKeys(jwks), issuer, audience, clockSkew, Clock.systemUTC());
    }
}
