package org.gbscan.app;

import java.time.Duration;
import org.gbscan.core.Config;

/**
 * The route's and the health check's settings, with the defaults config/gbscan.properties documents:
 * <pre>
 * route.studies.uri        seda:studies?size=10000&amp;blockWhenFull=true&amp;concurrentConsumers=2
 * route.concurrency        2
 * route.maxAttempts        5
 * route.retryDelay         2s
 * route.shutdownTimeout    60s
 * health.outbox.maxAge     30m
 * health.studyFailures.window 1h   /health is DOWN this long after a study failed past route.maxAttempts or was parked
 * </pre>
 */
record RouteSettings(String studiesUri, int concurrency, int maxAttempts, Duration retryDelay, Duration shutdownTimeout,
                     Duration outboxMaxAge, Duration studyFailuresWindow) {
    static RouteSettings from(Config config) {
        int concurrency = config.getInt("route.concurrency", 2);
        String uri = config.get("route.studies.uri", "");
        return new RouteSettings(uri.isEmpty() ? "seda:studies?size=10000&blockWhenFull=true&concurrentConsumers=" + concurrency : uri,
                concurrency, config.getInt("route.maxAttempts", 5), config.getDuration("route.retryDelay", Duration.ofSeconds(2)),
                config.getDuration("route.shutdownTimeout", Duration.ofSeconds(60)),
                config.getDuration("health.outbox.maxAge", Duration.ofMinutes(30)),
                config.getDuration("health.studyFailures.window", Duration.ofHours(1)));
    }
}
