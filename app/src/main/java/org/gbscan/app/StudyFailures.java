package org.gbscan.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Studies given up since start, with when: failed past {@code route.maxAttempts} in the route, parked by the
 * listener (handed on {@code listener.maxDeliveries} times without a result), or sent to the broker's dead-letter
 * queue (with the reason). {@code /health} is DOWN while one of them is younger than
 * {@code health.studyFailures.window}. Entries older than the window are dropped as they are counted, so memory
 * stays bounded by the failures of one window.
 */
final class StudyFailures implements Routes.Failures {
    /** A dead-lettered study as /health names it: its log tag, never its UID or patient. */
    record DeadLetter(Instant at, String studyTag, int revision, String reason) {
    }

    private final Clock clock;
    private final Duration window;
    private final Deque<Instant> failed = new ConcurrentLinkedDeque<>();
    private final Deque<Instant> parked = new ConcurrentLinkedDeque<>();
    private final Deque<DeadLetter> deadLettered = new ConcurrentLinkedDeque<>();

    StudyFailures(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    Duration window() {
        return window;
    }

    /** A study's exchange failed after its last attempt; it stays in the spool for the next start. */
    @Override
    public void gaveUp() {
        failed.addLast(clock.instant());
    }

    @Override
    public void deadLettered(String studyTag, int revision, String reason) {
        deadLettered.addLast(new DeadLetter(clock.instant(), studyTag, revision, reason));
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

    /** Dead letters within the window, newest first. */
    List<DeadLetter> recentDeadLetters() {
        Instant since = clock.instant().minus(window);
        while (!deadLettered.isEmpty() && deadLettered.peekFirst().at().isBefore(since)) {
            deadLettered.pollFirst();
        }
        return deadLettered.stream().sorted((a, b) -> b.at().compareTo(a.at())).toList();
    }

    private int recent(Deque<Instant> times) {
        Instant since = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
            times.pollFirst();
        }
        return times.size();
    }
}
