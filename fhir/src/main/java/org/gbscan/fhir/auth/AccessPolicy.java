package org.gbscan.fhir.auth;

/** How the HTTP server decides who may do what ({@code http.auth}: none, token or jwt). */
public interface AccessPolicy {
    /** @param authorization the {@code Authorization} header, or null */
    AccessDecision check(String authorization, Scope required);

    /** One honest sentence for the CapabilityStatement and the start log. */
    String describe();

    /** Whether callers must present credentials at all. */
    boolean required();

    AccessPolicy OPEN = new AccessPolicy() {
        @Override
        public AccessDecision check(String authorization, Scope required) {
            return AccessDecision.allow("anonymous");
        }

        @Override
        public String describe() {
            return "Authentication is disabled on this server (http.auth=none).";
        }

        @Override
        public boolean required() {
            return false;
        }
    };

    /** The token after {@code Bearer }, or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
