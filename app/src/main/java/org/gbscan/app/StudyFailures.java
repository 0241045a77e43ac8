package org.gbscan.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Studies given up since start, with when: failed past {@code route.maxAttempts} in the route, or parked by
 * the listener (handed on {@code listener.maxDeliveries} times without a result). {@code /health} is DOWN
 * while one of them is younger than {@code health.studyFailures.window}. Entries older than the window are
 * dropped as they are counted, so memory stays bounded by the failures of one window.
 */
final class StudyFailures {
    private final Clock clock;
    private final Duration window;
    private final Deque<Instant> failed = new ConcurrentLinkedDeque<>();
    private final Deque<Instant> parked = new ConcurrentLinkedDeque<>();

    StudyFailures(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    Duration window() {
        return window;
    }

    /** A study's exchange failed after its last attempt; it stays in the spool for the next start. */
    void failed() {
        failed.addLast(clock.instant());
    }

    /** Studies the listener parked as failed (at start). */
    void parked(int studies) {
        for (int i = 0; i < studies; i++) {
            parked.addLast(clock.instant());
        }
    }

    int recentFailed() {
        return recent(failed);
    }

    int recentParked() {
        return recent(parked);
    }

    private int recent(Deque<Instant> times) {
        Instant since = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
            times.pollFirst();
        }
        return times.size();
    }
}
