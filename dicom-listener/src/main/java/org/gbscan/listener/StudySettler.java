package org.gbscan.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.LogTags;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a study is complete: no new instance for the settle time, or the maximum settle time since
 * the revision's first instance (a sender adding an image every few seconds cannot postpone the result
 * forever). Then it offers exactly one {@link StudyReady} per revision to the consumer.
 *
 * <p>Open associations: while an association that delivered the study's latest instance is still open, the
 * study does not settle, however long the sender pauses between instances (a sender slowed by load would
 * otherwise split one study into partial revisions); it settles once that association ends (or moves on
 * to another study) and the study has been quiet for the settle time, or at the maximum settle time.
 *
 * <p>Revisions: the first instance of a study opens revision 1. An instance arriving after the current
 * revision was delivered (or finished) opens the next revision, whose event again lists ALL the study's
 * instances, so a re-sent or extended study is scored again, as a whole. Within one revision a re-sent SOP
 * instance replaces its file: it is processed once. A revision bump is written to the spool before the
 * instance is acknowledged, so after a crash every revision not marked done is delivered again. A
 * byte-identical resend of a spooled instance changes nothing: no new revision, no settle restart.
 *
 * <p>Poison studies: each hand-over is counted in the spool before it happens. A revision handed on
 * {@code maxDeliveries} times without being finished (it crashed the process, or kept failing) is parked
 * as failed at the next start instead of being offered again; its files stay in the spool for a person
 * until the retention deletes them.
 *
 * <p>Retention: a study whose last revision is done (or parked) and whose state has not changed for
 * {@code retention} has its instance files deleted by a periodic sweep (at once on done when the retention
 * is zero). A pending study is never deleted. See {@link Spool#purge}.
 */
final class StudySettler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StudySettler.class);

    private final Spool spool;
    private final Duration settle;
    private final Duration settleMax;
    private final int maxDeliveries;
    private final Duration retention;
    private final StudyConsumer consumer;
    private final ListenerMetrics metrics;
    private final Map<String, Tracked> studies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;
    private int parkedAtStart;

    /** In-memory view of one study; guarded by its own monitor. */
    private static final class Tracked {
        final String uid;
        int revision;
        int done;
        int deliveries;
        int parked;
        String patientKey;
        boolean delivered;
        /** Open associations whose latest instance belongs to this study: it does not settle before they move on. */
        int sending;
        long firstArrivalNanos;
        long lastArrivalNanos;
        ScheduledFuture<?> check;

        Tracked(Spool.StudyState s) {
            this.uid = s.studyUid();
            this.revision = s.revision();
            this.done = s.done();
            this.deliveries = s.deliveries();
            this.parked = s.parked();
            this.patientKey = s.patientKey();
        }

        Spool.StudyState state() {
            return new Spool.StudyState(uid, revision, done, deliveries, parked, patientKey);
        }
    }

    StudySettler(Spool spool, Duration settle, Duration settleMax, int maxDeliveries, Duration retention, StudyConsumer consumer,
                 ListenerMetrics metrics) {
        this.spool = spool;
        this.retention = retention;
        this.settle = settle;
        this.settleMax = settleMax;
        this.maxDeliveries = maxDeliveries;
        this.consumer = consumer;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "study-settler");
            t.setDaemon(true);
            return t;
        });
        long sweepEvery = sweepPeriod(retention).toNanos();
        timer.scheduleWithFixedDelay(this::sweepQuietly, sweepEvery, sweepEvery, TimeUnit.NANOSECONDS);
    }

    /** A tenth of the retention, between 1 s and 1 min: a study outlives its retention by at most that. */
    static Duration sweepPeriod(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }

    private void sweepQuietly() {
        try {
            sweep(Instant.now());
        } catch (IOException | RuntimeException e) {
            log.warn("spool retention sweep failed: {}; tried again in {}", e.toString(), sweepPeriod(retention));
        }
    }

    /** Deletes the instance files of every finished study idle for longer than the retention. */
    void sweep(Instant now) throws IOException {
        long freed = 0;
        int studiesPurged = 0;
        for (Spool.StudyState s : spool.allStudies()) {
            if (closed) {
                return;
            }
            if (s.pending() || s.revision() == 0) {
                continue;
            }
            Tracked t = tracked(s.studyUid());
            synchronized (t) {
                // the in-memory state is current: an instance may have opened a revision since the file was read
                if (t.done >= t.revision && !spool.lastActivity(t.uid).plus(retention).isAfter(now)) {
                    long bytes = spool.purge(t.uid);
                    if (bytes > 0) {
                        freed += bytes;
                        studiesPurged++;
                    }
                }
            }
        }
        spool.recount();
        if (studiesPurged > 0) {
            log.info("spool retention: instance files of {} finished studies deleted, {} bytes freed", studiesPurged, freed);
        }
    }

    /** Re-queues every spooled study whose last revision was not marked done; parks those tried too often. */
    void recover() throws IOException {
        for (Spool.StudyState s : spool.allStudies()) {
            if (s.pending() && s.deliveries() >= maxDeliveries) {
                spool.writeState(new Spool.StudyState(s.studyUid(), s.revision(), s.revision(), 0, s.revision(), s.patientKey()));
                metrics.studyParked();
                parkedAtStart++;
                log.error("study {} revision {} parked as failed: handed on {} times without a result; its files stay in the spool for listener.spool.retention",
                        LogTags.of(s.studyUid()), s.revision(), s.deliveries());
            } else if (s.pending()) {
                Tracked t = new Tracked(s);
                studies.put(s.studyUid(), t);
                synchronized (t) {
                    t.firstArrivalNanos = t.lastArrivalNanos = System.nanoTime();
                    schedule(t, settle.toNanos());
                }
                log.info("study {} revision {} re-queued from the spool", LogTags.of(s.studyUid()), s.revision());
            }
        }
    }

    /**
     * One open association, as far as settling is concerned: the study of its latest instance does not
     * settle while it stays open. Confined to the association's thread; close it when the association ends.
     */
    final class Sender implements AutoCloseable {
        private Tracked current;

        /** Caller holds t's monitor and has released any other study first. The association delivered an instance of t. */
        private void sent(Tracked t) {
            if (current != t) {
                current = t;
                t.sending++;
            }
        }

        /** The association moved on to another study or ended: its last study may settle once quiet. */
        private void release() {
            Tracked t = current;
            current = null;
            if (t == null) {
                return;
            }
            synchronized (t) {
                t.sending--;
                if (t.sending == 0 && !t.delivered && t.done < t.revision) {
                    schedule(t, untilDue(t, System.nanoTime()));
                }
            }
        }

        @Override
        public void close() {
            release();
        }
    }

    /** A {@link Sender} for one association. */
    Sender sender() {
        return new Sender();
    }

    /**
     * Puts a verified instance into the spool (durably) and restarts its study's settle clock; the study
     * does not settle while {@code sender}'s association stays open (see {@link Sender}).
     *
     * @return false when the spool already held this instance byte for byte: nothing changed
     * @throws PatientMismatchException when the instance names another patient than the study already
     *         spooled: storing it would re-score the study and file its report under the wrong patient
     */
    boolean store(InstanceRef ref, Path received, Sender sender) throws IOException, PatientMismatchException {
        Tracked t = tracked(ref.study().studyInstanceUid());
        String key = Spool.patientKey(ref.study().patient().id());
        if (sender.current != null && sender.current != t) {
            sender.release(); // outside t's monitor: never hold two studies' monitors at once
        }
        synchronized (t) {
            if (t.patientKey.isEmpty()) {
                t.patientKey = spooledPatientKey(t.uid);
            }
            if (!t.patientKey.isEmpty() && !t.patientKey.equals(key)) {
                throw new PatientMismatchException(ref.study().logTag());
            }
            sender.sent(t);
            if (t.revision > 0 && spool.holdsSame(ref, received)) {
                Files.delete(received);
                return false;
            }
            long now = System.nanoTime();
            if (t.revision == 0 || t.delivered || t.done >= t.revision || t.patientKey.isEmpty()) {
                boolean opens = t.revision == 0 || t.delivered || t.done >= t.revision;
                int revision = opens ? t.revision + 1 : t.revision;
                spool.writeState(new Spool.StudyState(t.uid, revision, t.done, opens ? 0 : t.deliveries, t.parked, key));
                if (opens) {
                    t.deliveries = 0;
                    t.firstArrivalNanos = now;
                }
                t.revision = revision;
                t.patientKey = key;
                t.delivered = false;
            }
            spool.put(ref, received);
            t.lastArrivalNanos = now;
            schedule(t, untilDue(t, now));
            return true;
        }
    }

    /**
     * Caller holds t's monitor. Nanoseconds until the study is due: quiet for the settle time with no open
     * association still sending it, or at its maximum.
     */
    private long untilDue(Tracked t, long now) {
        long quietLeft = settle.toNanos() - (now - t.lastArrivalNanos);
        long maxLeft = Math.max(0, settleMax.toNanos() - (now - t.firstArrivalNanos));
        if (quietLeft <= 0 && t.sending > 0) {
            return maxLeft; // Sender.release() reschedules when the association moves on
        }
        return Math.max(0, Math.min(quietLeft, maxLeft));
    }

    void markDone(String studyUid, int revision) throws IOException {
        finish(studyUid, revision, false);
    }

    /**
     * The revision was given up where it was scored (a worker put it in the broker's dead-letter queue): parked,
     * as a study that kept crashing the process is at start. It is not offered again; its files stay in the spool
     * for the retention.
     */
    void markFailed(String studyUid, int revision) throws IOException {
        finish(studyUid, revision, true);
    }

    private void finish(String studyUid, int revision, boolean failed) throws IOException {
        Tracked t = tracked(studyUid);
        synchronized (t) {
            if (revision > t.revision) {
                throw new IllegalArgumentException("study " + LogTags.of(studyUid) + " has no revision " + revision);
            }
            if (revision > t.done) {
                int deliveries = revision == t.revision ? 0 : t.deliveries;
                int parked = failed ? revision : t.parked;
                spool.writeState(new Spool.StudyState(t.uid, t.revision, revision, deliveries, parked, t.patientKey));
                t.done = revision;
                t.deliveries = deliveries;
                t.parked = parked;
                if (failed) {
                    metrics.studyParked();
                }
                if (retention.isZero() && t.done >= t.revision) {
                    purgeQuietly(t);
                }
            }
        }
    }

    /**
     * Caller holds t's monitor. The study is done whatever happens here: a failed deletion must not fail
     * markDone (the route would retry a finished study); the next sweep tries again.
     */
    private void purgeQuietly(Tracked t) {
        try {
            spool.purge(t.uid);
        } catch (IOException e) {
            log.warn("cannot delete the spooled instances of done study {}: {}; the retention sweep tries again",
                    LogTags.of(t.uid), e.toString());
        }
    }

    int parkedAtStart() {
        return parkedAtStart;
    }

    /** Studies received but not finished (waiting to settle, or delivered and not yet marked done). */
    int pendingStudies() {
        return (int) studies.values().stream().filter(t -> {
            synchronized (t) {
                return t.done < t.revision;
            }
        }).count();
    }

    private Tracked tracked(String uid) throws IOException {
        try {
            return studies.computeIfAbsent(uid, u -> {
                try {
                    return new Tracked(spool.state(u));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The patient key of a study spooled before keys were kept: from its first readable instance; "" if none. */
    private String spooledPatientKey(String uid) throws IOException {
        for (Path f : spool.files(uid)) {
            try {
                return Spool.patientKey(DicomFiles.readRef(f).study().patient().id());
            } catch (BadDicomException e) {
                log.warn("a spooled instance of study {} is unreadable", LogTags.of(uid));
            }
        }
        return "";
    }

    /** Caller holds t's monitor. */
    private void schedule(Tracked t, long delayNanos) {
        if (closed) {
            return;
        }
        if (t.check != null) {
            t.check.cancel(false);
        }
        t.check = timer.schedule(() -> check(t), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(Tracked t) {
        StudyReady event;
        synchronized (t) {
            if (closed || t.delivered || t.done >= t.revision) {
                return;
            }
            long due = untilDue(t, System.nanoTime());
            if (due > 0) {
                schedule(t, due);
                return;
            }
            event = eventFor(t);
            if (event == null) {
                return;
            }
            t.delivered = true;
            t.deliveries++;
            // counted before the hand-over: if scoring this study kills the process, the count survives
            writeStateQuietly(t);
        }
        try {
            consumer.accept(event);
            metrics.studyEvent();
            log.info("study {} revision {} complete with {} instances", event.logTag(), event.revision(), event.files().size());
        } catch (Exception e) {
            log.warn("study {} revision {} could not be handed on ({}); offered again in {}", event.logTag(),
                    event.revision(), e.toString(), settle);
            synchronized (t) {
                if (t.revision == event.revision()) {
                    t.delivered = false;
                    // it never reached the pipeline: this hand-over does not count towards parking
                    t.deliveries--;
                    writeStateQuietly(t);
                    schedule(t, settle.toNanos());
                }
            }
        }
    }

    /** Caller holds t's monitor. The delivery count is bookkeeping: failing to write it must not stop a delivery. */
    private void writeStateQuietly(Tracked t) {
        try {
            spool.writeState(t.state());
        } catch (IOException e) {
            log.warn("cannot record the deliveries of study {}: {}", LogTags.of(t.uid), e.toString());
        }
    }

    /** Caller holds t's monitor. Null (and logged) when the spool holds no readable instance of the study. */
    private StudyReady eventFor(Tracked t) {
        try {
            List<Path> files = spool.files(t.uid);
            for (Path f : files) {
                try {
                    StudyRef study = DicomFiles.readRef(f).study();
                    return new StudyReady(study, files, t.revision);
                } catch (BadDicomException e) {
                    log.warn("a spooled instance ({}) of study {} is unreadable", LogTags.of(f.getFileName().toString()), LogTags.of(t.uid));
                }
            }
            log.warn("study {} has no readable instance in the spool; nothing to deliver", LogTags.of(t.uid));
        } catch (IOException e) {
            log.warn("cannot list study {} in the spool: {}; retrying in {}", LogTags.of(t.uid), e.toString(), settle);
            schedule(t, settle.toNanos());
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
