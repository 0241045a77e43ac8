package org.gbscan.fhir.auth;

/**
 * The answer to one request: let it through (status 0) or refuse it with 401 (no or bad credentials) or
 * 403 (good credentials, not enough scope). {@code who} names the caller for the audit trail (token
 * subject/client id, or "static-token"); {@code reason} is safe to show the caller.
 */
public record AccessDecision(int status, String who, String reason) {
    public static AccessDecision allow(String who) {
        return new AccessDecision(0, who, "");
    }

    public static AccessDecision unauthenticated(String reason) {
        return new AccessDecision(401, "", reason);
    }

    public static AccessDecision forbidden(String who, String reason) {
        return new AccessDecision(403, who, reason);
    }

    public boolean allowed() {
        return status == 0;
    }
}
