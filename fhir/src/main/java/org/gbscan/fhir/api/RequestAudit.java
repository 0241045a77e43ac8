package org.gbscan.fhir.api;

import io.vertx.ext.web.RoutingContext;
import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditRecord;
import org.gbscan.fhir.auth.AccessDecision;

/** Which HTTP requests are audited, and the record one becomes. */
final class RequestAudit {
    private RequestAudit() {
    }

    /** Null for requests that touch no patient data (metadata, SMART discovery, health, metrics, the page's files, images of a study already audited). */
    static AuditKind kindOf(String method, String path) {
        if (path.startsWith("/fhir/")) {
            String rest = path.substring("/fhir/".length());
            if (rest.isEmpty() || rest.equals("metadata") || rest.startsWith(".well-known/")) {
                return null;
            }
            String[] parts = rest.split("/");
            return parts.length >= 2 && !parts[1].equals("_search") ? AuditKind.READ : AuditKind.QUERY;
        }
        if (path.startsWith("/api/")) {
            if (path.endsWith(".png")) {
                return null;
            }
            if (path.equals("/api/score")) {
                return "POST".equals(method) ? AuditKind.UPLOAD : null;
            }
            return path.equals("/api/studies") ? AuditKind.QUERY : AuditKind.READ;
        }
        return null;
    }

    static AuditRecord record(RoutingContext ctx, AuditKind kind) {
        int status = ctx.response().getStatusCode();
        AccessDecision decision = ctx.get(BearerTokenAuth.DECISION);
        String who = decision == null ? "" : decision.who();
        String detail = "HTTP " + status + (decision != null && !decision.allowed() ? ": " + decision.reason() : "");
        String query = ctx.request().query();
        String entity = ctx.request().method().name() + " " + ctx.request().path() + (query == null ? "" : "?" + query);
        String from = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        return AuditRecord.now(kind, status < 400, who, from, entity, detail);
    }
}
