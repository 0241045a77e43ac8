package org.gbscan.fhir.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.gbscan.fhir.auth.JwtSettings;

/**
 * SMART App Launch discovery ({@code GET /.well-known/smart-configuration}, also under the FHIR base
 * {@code /fhir}), open like {@code /fhir/metadata}: where a client gets a token, which scopes this
 * server honours and what it can do. Only with {@code http.auth=jwt} and a configured token endpoint;
 * otherwise 404, because there is no OAuth server to point at.
 */
final class SmartConfiguration {
    /** The scopes {@link org.gbscan.fhir.auth.Scope} checks for: per resource type, the wildcards, the page's. */
    static final List<String> SCOPES = List.of("system/DiagnosticReport.read", "system/Observation.read",
            "system/Device.read", "system/Patient.read", "system/ImagingStudy.read", "system/AuditEvent.read",
            "system/*.read", "user/*.read");

    private SmartConfiguration() {
    }

    /** The document, or null when there is none to give. */
    static JsonObject document(JwtSettings jwt) {
        if (jwt == null || jwt.tokenEndpoint().isEmpty()) {
            return null;
        }
        boolean people = !jwt.authorizationEndpoint().isEmpty();
        // Scope also accepts SMART v2 permissions (.rs), hence both permission capabilities
        JsonArray capabilities = new JsonArray().add("permission-v1").add("permission-v2").add("client-confidential-asymmetric");
        JsonArray grants = new JsonArray().add("client_credentials");
        JsonObject doc = new JsonObject().put("issuer", jwt.issuer()).put("token_endpoint", jwt.tokenEndpoint());
        if (people) {
            doc.put("authorization_endpoint", jwt.authorizationEndpoint());
            grants.add("authorization_code");
            capabilities.add("launch-standalone").add("client-public").add("client-confidential-symmetric");
            doc.put("response_types_supported", new JsonArray().add("code"));
            doc.put("code_challenge_methods_supported", new JsonArray().add("S256"));
        }
        if (jwt.jwksUri() != null) {
            doc.put("jwks_uri", jwt.jwksUri());
        }
        return doc.put("grant_types_supported", grants).put("scopes_supported", new JsonArray(SCOPES))
                .put("capabilities", capabilities);
    }

    static Handler<RoutingContext> handler(JwtSettings jwt) {
        JsonObject doc = document(jwt);
        return ctx -> {
            if (doc == null) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", 404).put("error", "no SMART configuration: this server does not use"
                                + " OAuth tokens (http.auth=jwt with http.jwt.tokenEndpoint)").encode());
            } else {
                ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "max-age=3600")
                        .end(doc.encodePrettily());
            }
        };
    }
}
