package org.gbscan.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Successful {@code /api} answers. Nothing they carry may be cached by a shared cache. */
final class Responses {
    private Responses() {
    }

    static void json(RoutingContext ctx, int status, ObjectMapper json, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(text);
    }

    static void png(RoutingContext ctx, byte[] png) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().putHeader("Content-Type", "image/png").putHeader("Cache-Control", "private, max-age=300")
                .end(Buffer.buffer(png));
    }
}
