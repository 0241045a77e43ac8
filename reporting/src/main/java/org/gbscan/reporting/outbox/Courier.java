package org.gbscan.reporting.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;

/**
 * The outbox's sender thread for one destination: takes whatever is due for it (several studies when they
 * queued up), sends it in one call, and lets the sender keep the association open for {@code idle} after
 * the last send, so the next study's results skip the association set-up. After a failed attempt, or with
 * an idle time of zero, the association is let go at once.
 */
final class Courier implements Runnable {
    private final Outbox outbox;
    private final Sender sender;
    private final OutboxMetrics metrics;
    private final Destination destination;
    private final long idleNanos;

    Courier(Outbox outbox, Sender sender, OutboxMetrics metrics, Destination destination, Duration idle) {
        if (idle.isNegative()) {
            throw new IllegalArgumentException("association idle time must not be negative, got " + idle);
        }
        this.outbox = outbox;
        this.sender = sender;
        this.metrics = metrics;
        this.destination = destination;
        this.idleNanos = idle.toNanos();
    }

    @Override
    public void run() {
        boolean kept = false;
        long keptUntil = 0;
        try {
            while (true) {
                long idleLeft = keptUntil - System.nanoTime();
                if (kept && idleLeft <= 0) {
                    sender.release(destination);
                    kept = false;
                }
                List<Outbox.Work> batch = outbox.awaitDue(destination,
                        kept ? TimeUnit.NANOSECONDS.toMillis(idleLeft) + 1 : Long.MAX_VALUE);
                if (batch == null) {
                    return;
                }
                if (batch.isEmpty()) {
                    continue;
                }
                boolean delivered = attempt(batch);
                kept = delivered && idleNanos > 0;
                if (kept) {
                    keptUntil = System.nanoTime() + idleNanos;
                } else {
                    sender.release(destination);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sender.release(destination);
        }
    }

    /**
     * Sends a batch of entries' objects in one call (one association) and records each entry's outcome.
     *
     * @return true when the destination confirmed every object
     */
    private boolean attempt(List<Outbox.Work> batch) {
        List<Path> files = new ArrayList<>();
        for (Outbox.Work w : batch) {
            w.files().stream().map(w.dir()::resolve).forEach(files::add);
        }
        List<Path> stored = List.of();
        String error = null;
        try {
            stored = sender.send(destination, files);
        } catch (DicomNetException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "sending to " + destination + " failed: " + e; // keep the courier alive; retried like any failure
        }
        metrics.sent(destination, stored.size());
        for (Outbox.Work w : batch) {
            List<String> mine = stored.stream().filter(p -> w.dir().equals(p.getParent()))
                    .map(p -> p.getFileName().toString()).filter(w.files()::contains).toList();
            String workError = error;
            if (workError == null && mine.size() < w.files().size()) {
                workError = destination + " did not confirm " + (w.files().size() - mine.size()) + " of " + w.files().size() + " objects";
            }
            outbox.record(w, mine, workError);
        }
        return error == null && stored.size() == files.size();
    }
}
