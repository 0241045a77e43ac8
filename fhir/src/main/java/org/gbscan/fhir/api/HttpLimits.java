package org.gbscan.fhir.api;

import java.time.Duration;
import org.gbscan.core.Config;

/**
 * Deadlines and the connection cap of the HTTP server, so that no client can hold a connection, or many,
 * without sending a request: {@code http.idleTimeout} (30s) closes a connection on which nothing moved,
 * {@code http.headerTimeout} (10s) one whose request headers are not complete in that time after it opened
 * (after its last answer: the idle timeout plus that), {@code http.requestTimeout} (120s) one
 * whose request, body and answer included, is not finished, and {@code http.maxConnections} (256) refuses
 * connections beyond that many.
 *
 * <p>Why these values: a 20 MiB upload at a phone's slowest useful 2 Mbit/s takes ~80 s, scoring it a few
 * seconds, so 120 s per request; a stalled upload is cut after 30 s of silence; honest headers arrive in
 * one packet; 256 connections are far above the page's and the FHIR clients' needs and cost ~0 memory idle.
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration requestTimeout, int maxConnections) {
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(120), 256);

    public HttpLimits {
        for (Duration d : new Duration[] {idleTimeout, headerTimeout, requestTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("http.idleTimeout, http.headerTimeout and http.requestTimeout must be"
                        + " positive, got " + d);
            }
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.maxConnections must be >= 1, got " + maxConnections);
        }
    }

    public static HttpLimits from(Config config) {
        return new HttpLimits(config.getDuration("http.idleTimeout", DEFAULTS.idleTimeout()),
                config.getDuration("http.headerTimeout", DEFAULTS.headerTimeout()),
                config.getDuration("http.requestTimeout", DEFAULTS.requestTimeout()),
                config.getInt("http.maxConnections", DEFAULTS.maxConnections()));
    }
}
