package org.gbscan.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.gbscan.fhir.api.BearerTokenAuth;
import org.gbscan.fhir.auth.AccessDecision;
import org.gbscan.fhir.auth.Scope;

/**
 * The FHIR API's access check for the page's {@code /api} (scope {@code user/*.read} or {@code system/*.read}
 * with JWTs, the static token otherwise), answering a refusal itself (401 or 403 as an OperationOutcome,
 * with {@code WWW-Authenticate}) rather than failing the context.
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
        if (!required) {
            ctx.next();
            return;
        }
        AccessDecision decision = auth.check(ctx, Scope.PAGE);
        if (decision.allowed()) {
            ctx.next();
        } else if (decision.status() == 403) {
            Outcomes.forbidden(ctx, decision.reason());
        } else {
            Outcomes.unauthorized(ctx);
        }
    }
}
