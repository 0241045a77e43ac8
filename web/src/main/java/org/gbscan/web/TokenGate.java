package org.gbscan.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.gbscan.fhir.api.BearerTokenAuth;

/**
 * The FHIR API's bearer-token check for the viewer's routes, answering a refusal itself (401 as an
 * OperationOutcome, with {@code WWW-Authenticate}) rather than failing the context.
 */
final class TokenGate implements Handler<RoutingContext> {
    private final BearerTokenAuth auth;
    private final boolean required;

    TokenGate(BearerTokenAuth auth, boolean required) {
        this.auth = auth;
        this.required = required;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!required || auth.accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            Outcomes.unauthorized(ctx);
        }
    }
}
