package org.gbscan.fhir.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.gbscan.fhir.auth.AccessDecision;
import org.gbscan.fhir.auth.AccessPolicy;
import org.gbscan.fhir.auth.Scope;
import org.gbscan.fhir.auth.StaticTokenPolicy;

/**
 * The server's one gate: asks the configured {@link AccessPolicy} (none, static token or JWT) whether the
 * request's bearer token covers the {@link Scope} the route needs, and fails the request with 401 or 403
 * otherwise. The decision is kept on the context ({@link #DECISION}) for the error body and the audit trail.
 * As a plain handler it guards the web page's {@code /api} ({@link Scope#PAGE}).
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {
    /** Context key of the {@link AccessDecision} for this request. */
    public static final String DECISION = "gbscan.access";
    private final AccessPolicy policy;

    public BearerTokenAuth(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The static-token option: {@code required=false} lets everything through. */
    public BearerTokenAuth(String token, boolean required) {
        this(required ? new StaticTokenPolicy(token) : AccessPolicy.OPEN);
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** Decides and records the decision on the context; does not end or fail the request. */
    public AccessDecision check(RoutingContext ctx, Scope required) {
        AccessDecision decision = policy.check(ctx.request().getHeader("Authorization"), required);
        ctx.put(DECISION, decision);
        return decision;
    }

    /** A handler that lets the request on only with the scope {@code scopeOf} names for it. */
    public Handler<RoutingContext> requiring(Function<RoutingContext, Scope> scopeOf) {
        return ctx -> {
            AccessDecision decision = check(ctx, scopeOf.apply(ctx));
            if (decision.allowed()) {
                ctx.next();
            } else {
                ctx.fail(decision.status());
            }
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        requiring(c -> Scope.PAGE).handle(ctx);
    }

    /** Whether an Authorization header value may use the web page's {@code /api}. */
    public boolean accepts(String authorization) {
        return policy.check(authorization, Scope.PAGE).allowed();
    }

    /** The reason of a refusal recorded on the context, or {@code fallback}. */
    public static String reason(RoutingContext ctx, String fallback) {
        AccessDecision d = ctx.get(DECISION);
        return d == null || d.reason().isEmpty() ? fallback : d.reason();
    }

    /** RFC 6750 section 3 challenge for a 401 or 403. */
    public static String challenge(int status) {
        return status == 403 ? "Bearer realm=\"gbscan\", error=\"insufficient_scope\"" : "Bearer realm=\"gbscan\"";
    }
}
