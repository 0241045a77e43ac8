package org.gbscan.reporting.outbox;

import java.time.Duration;

/** Exponential backoff: initial, 2x initial, 4x ... capped at max. */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait after the given number of failed attempts (1 = first failure). */
    public Duration after(int failures) {
        int shift = Math.max(0, Math.min(30, failures - 1));
        long millis = initial.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
