package org.gbscan.app;

import java.util.Locale;

/**
 * What one {@code gbscan serve} process does. {@code all} is the single process (with or without a broker);
 * {@code listener} and {@code worker} split it across processes joined by a broker ({@code route.broker.url}).
 * Every role serves the FHIR API, /health and /metrics from the (shared) report store.
 */
public enum Role {
    /** Receives, scores and publishes: the whole flow in one process. */
    ALL(true, true),
    /** Receives, spools and settles studies, hands each revision to the broker, and marks it done when told. */
    LISTENER(true, false),
    /** Takes studies from the broker, scores them, publishes the results and says so. */
    WORKER(false, true);

    private final boolean receives;
    private final boolean scores;

    Role(boolean receives, boolean scores) {
        this.receives = receives;
        this.scores = scores;
    }

    public boolean receives() {
        return receives;
    }

    public boolean scores() {
        return scores;
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be all, listener or worker, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
