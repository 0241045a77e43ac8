package org.gbscan.fhir.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} equal to the configured token
 * (compared in constant time); otherwise fails it with 401. With authentication switched off it lets
 * everything through.
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {
    private final byte[] expected;
    private final boolean required;

    public BearerTokenAuth(String token, boolean required) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.required = required;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!required || accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.fail(401);
        }
    }

    /** Whether an Authorization header value carries the right token. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return expected.length > 0 && MessageDigest.isEqual(expected, given);
    }
}
