package org.gbscan.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.gbscan.fhir.api.BearerTokenAuth;
import org.gbscan.fhir.api.OperationOutcomes;
import org.gbscan.fhir.api.OperationOutcomes.Issue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of {@code /api} as FHIR OperationOutcomes, encoded by HAPI's parser like the FHIR API's own:
 * one issue whose {@code diagnostics} is the message the page shows (and, for an upload the quality gate
 * refused, whose {@code details} code the reason).
 */
final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);
    static final String CONTENT_TYPE = "application/fhir+json;charset=utf-8";

    private Outcomes() {
    }

    static String json(int status, Issue type, String message) {
        return OperationOutcomes.json(status, type, message);
    }

    static void send(RoutingContext ctx, int status, Issue type, String message) {
        sendJson(ctx, status, json(status, type, message));
    }

    private static void sendJson(RoutingContext ctx, int status, String outcome) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gbscan\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store").end(outcome);
    }

    /**
     * Answers a failed {@code /api} request directly. The API's handlers call this instead of
     * {@code ctx.fail}: a failure would be routed by the root router, whose own failure handler (the
     * server's plain JSON one) comes before any mounted sub-router's.
     */
    static void respond(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException a && a.refusal() != null) {
            sendJson(ctx, a.status(), OperationOutcomes.json(a.status(), a.issueType(), a.getMessage(), a.refusal()));
        } else if (e instanceof ApiException a) {
            send(ctx, a.status(), a.issueType(), a.getMessage());
        } else if (e instanceof org.gbscan.fhir.store.ReportStoreException) {
            LOG.error("report store failed on {} {}", ctx.request().method(), ctx.request().path(), e);
            send(ctx, 503, Issue.TRANSIENT, "the report store is not available; try again later");
        } else if (e instanceof org.gbscan.inference.InferenceException) {
            LOG.error("scoring failed on {} {}", ctx.request().method(), ctx.request().path(), e);
            send(ctx, 503, Issue.TRANSIENT, "the model could not score this image right now (" + e.getMessage()
                    + "); try again, and tell the administrator if it persists");
        } else {
            LOG.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), e);
            send(ctx, 500, Issue.EXCEPTION, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
        }
    }

    /** A handler whose exceptions are answered as OperationOutcomes instead of failing the context. */
    static Handler<RoutingContext> guarded(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                respond(ctx, e);
            }
        };
    }

    static void unauthorized(RoutingContext ctx) {
        send(ctx, 401, Issue.LOGIN, "missing or invalid bearer token: sign in with the access token of this"
                + " server (sent as 'Authorization: Bearer <token>')");
    }

    static void forbidden(RoutingContext ctx, String reason) {
        ctx.response().putHeader("WWW-Authenticate", BearerTokenAuth.challenge(403));
        send(ctx, 403, Issue.FORBIDDEN, reason);
    }

    static void notFound(RoutingContext ctx) {
        send(ctx, 404, Issue.NOT_FOUND, "no API endpoint at " + ctx.request().path());
    }

    static void methodNotAllowed(RoutingContext ctx) {
        send(ctx, 405, Issue.NOT_SUPPORTED, ctx.request().method() + " is not allowed on " + ctx.request().path());
    }

    /** Last resort when this router is used where failures do reach it (a server without its own failure handler). */
    static void failure(RoutingContext ctx) {
        if (ctx.failure() != null) {
            respond(ctx, ctx.failure());
        } else if (ctx.statusCode() == 401) {
            unauthorized(ctx);
        } else {
            send(ctx, ctx.statusCode(), Issue.PROCESSING, "request failed with HTTP " + ctx.statusCode());
        }
    }
}
