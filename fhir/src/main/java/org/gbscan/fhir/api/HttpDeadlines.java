package org.gbscan.fhir.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link HttpLimits} to a Vert.x HTTP server. Vert.x itself has an idle timeout only: a client
 * that trickles its headers, or opens connections and never asks anything, is left alone. Here each
 * connection gets a header deadline (armed when it opens, and after every answer with the idle time on top,
 * cancelled when a request's headers are complete), checked by one periodic sweep, each request a deadline for being
 * answered, and connections beyond the cap are closed at once. The header deadline counts from the first
 * byte, not from the last one (see {@link #apply}). Nothing blocks an event loop.
 */
final class HttpDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDeadlines.class);
    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong closedByDeadline = new AtomicLong();
    /** Connections waiting for request headers, and by when (System.nanoTime()); by identity, whatever equals says. */
    private final Map<HttpConnection, Long> awaitingHeaders =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    HttpDeadlines(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /**
     * Idle timeout, and no HTTP/2 cleartext upgrade (h2c): with it, Vert.x 5.0.7 waits for a whole HTTP/1
     * request (to see whether it asks for the upgrade) before it makes the connection and calls the connection
     * handler, so a client trickling its headers a byte at a time was never under the header deadline, and each
     * byte reset the idle timeout. Without h2c the handler runs when the first byte arrives. Browsers and FHIR
     * clients never use h2c; HTTP/2 over TLS is negotiated by ALPN and not affected.
     */
    HttpServerOptions apply(HttpServerOptions options) {
        return options.setIdleTimeout((int) Math.max(1, limits.idleTimeout().toSeconds())).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    /** Installs the connection handler and wraps the request handler. */
    HttpServer guard(HttpServer server, Handler<HttpServerRequest> requests) {
        // one sweep for all connections: timers set from inside the connection handler did not fire (Vert.x 5.0.7)
        long every = Math.max(50, Math.min(1000, limits.headerTimeout().toMillis() / 4));
        vertx.setPeriodic(every, id -> sweepHeaderDeadlines());
        return server.connectionHandler(this::opened).requestHandler(request -> {
            HttpConnection conn = request.connection();
            cancelHeaderTimer(conn);
            long timer = vertx.setTimer(limits.requestTimeout().toMillis(), id -> expire(conn, "request not finished within "
                    + limits.requestTimeout().toSeconds() + " s"));
            request.response().endHandler(v -> {
                vertx.cancelTimer(timer);
                // A kept-alive connection must send its next headers in time too. It may first sit idle (the idle
                // timeout closes it if it stays silent), and may still be sending the body of a request answered
                // early (a 413): both get the idle time on top, so a client does not find its pooled connection
                // closed under it while it was within the rules.
                armHeaderTimer(conn, limits.idleTimeout().plus(limits.headerTimeout()));
            });
            request.response().closeHandler(v -> vertx.cancelTimer(timer));
            requests.handle(request);
        });
    }

    int openConnections() {
        return open.get();
    }

    long closedByDeadline() {
        return closedByDeadline.get();
    }

    private void opened(HttpConnection conn) {
        int now = open.incrementAndGet();
        conn.closeHandler(v -> {
            open.decrementAndGet();
            cancelHeaderTimer(conn);
        });
        if (now > limits.maxConnections()) {
            LOG.warn("HTTP connection from {} refused: {} open, http.maxConnections is {}", conn.remoteAddress(), now - 1,
                    limits.maxConnections());
            conn.close();
            return;
        }
        armHeaderTimer(conn, limits.headerTimeout());
    }

    private void armHeaderTimer(HttpConnection conn, java.time.Duration within) {
        awaitingHeaders.put(conn, System.nanoTime() + within.toNanos());
    }

    private void cancelHeaderTimer(HttpConnection conn) {
        awaitingHeaders.remove(conn);
    }

    private void sweepHeaderDeadlines() {
        long now = System.nanoTime();
        List<HttpConnection> late = new ArrayList<>();
        synchronized (awaitingHeaders) {
            for (var it = awaitingHeaders.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (now - e.getValue() > 0) {
                    late.add(e.getKey());
                    it.remove();
                }
            }
        }
        for (HttpConnection conn : late) {
            expire(conn, "no complete request headers within " + limits.headerTimeout().toSeconds() + " s");
        }
    }

    private void expire(HttpConnection conn, String why) {
        closedByDeadline.incrementAndGet();
        LOG.info("HTTP connection from {} closed: {}", conn.remoteAddress(), why);
        conn.close();
    }
}
