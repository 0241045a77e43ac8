package org.gbscan.fhir.auth;

/** JWT settings that cannot be used (no JWKS, no key in it, no issuer), found at start. */
public final class AuthConfigException extends Exception {
    public AuthConfigException(String message) {
        super(message);
    }

    public AuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
