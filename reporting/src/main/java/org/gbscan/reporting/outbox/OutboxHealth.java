package org.gbscan.reporting.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * What /health shows about the export: pending studies, how long the oldest has waited, and the last
 * failure (message safe to show: destination and reason, never patient data).
 *
 * @param lastErrorAt   null when nothing failed since start
 * @param lastSuccessAt null when nothing was sent since start
 */
public record OutboxHealth(int depth, Duration oldestAge, String lastError, Instant lastErrorAt, Instant lastSuccessAt,
                           boolean running) {
    /** Healthy while the sender runs and nothing has waited longer than the given age. */
    public boolean healthy(Duration maxAge) {
        return running && oldestAge.compareTo(maxAge) <= 0;
    }
}
