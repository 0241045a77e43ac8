package org.gbscan.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * Decides when a study is complete: no new instance for the settle time. Then it offers exactly one
 * {@link StudyReady} per revision to the consumer.
 *
 * <p>Revisions: the first instance of a study opens revision 1. An instance arriving after the current
 * revision was delivered (or finished) opens the next revision, whose event again lists ALL the study's
 * instances, so a re-sent or extended study is scored again, as a whole. Within one revision a re-sent SOP
 * instance replaces its file: it is processed once. A revision bump is written to the spool before the
 * instance is acknowledged, so after a crash every revision not marked done is delivered again.
 */
final class StudySettler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StudySettler.class);

    private final Spool spool;
    private final Duration settle;
    private final StudyConsumer consumer;
    private final ListenerMetrics metrics;
    private final Map<String, Tracked> studies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /** In-memory view of one study; guarded by its own monitor. */
    private static final class Tracked {
        final String uid;
        int revision;
        int done;
        String patientKey;
        boolean delivered;
        long lastArrivalNanos;
        ScheduledFuture<?> check;

        Tracked(Spool.StudyState s) {
            this.uid = s.studyUid();
            this.revision = s.revision();
            this.done = s.done();
            this.patientKey = s.patientKey();
        }
    }

    StudySettler(Spool spool, Duration settle, StudyConsumer consumer, ListenerMetrics metrics) {
        this.spool = spool;
        this.settle = settle;
        this.consumer = consumer;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "study-settler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Re-queues every spooled study whose last revision was not marked done. */
    void recover() throws IOException {
        for (Spool.StudyState s : spool.allStudies()) {
            if (s.pending()) {
                Tracked t = new Tracked(s);
                studies.put(s.studyUid(), t);
                synchronized (t) {
                    t.lastArrivalNanos = System.nanoTime();
                    schedule(t, settle.toNanos());
                }
                log.info("study {} revision {} re-queued from the spool", LogTags.of(s.studyUid()), s.revision());
            }
        }
    }

    /**
     * Puts a verified instance into the spool (durably) and restarts its study's settle clock.
     *
     * @throws PatientMismatchException when the instance names another patient than the study already
     *         spooled: storing it would re-score the study and file its report under the wrong patient
     */
    void store(InstanceRef ref, Path received) throws IOException, PatientMismatchException {
        Tracked t = tracked(ref.study().studyInstanceUid());
        String key = Spool.patientKey(ref.study().patient().id());
        synchronized (t) {
            if (t.patientKey.isEmpty()) {
                t.patientKey = spooledPatientKey(t.uid);
            }
            if (!t.patientKey.isEmpty() && !t.patientKey.equals(key)) {
                throw new PatientMismatchException(ref.study().logTag());
            }
            if (t.revision == 0 || t.delivered || t.done >= t.revision || t.patientKey.isEmpty()) {
                int revision = t.revision == 0 || t.delivered || t.done >= t.revision ? t.revision + 1 : t.revision;
                spool.writeState(new Spool.StudyState(t.uid, revision, t.done, key));
                t.revision = revision;
                t.patientKey = key;
                t.delivered = false;
            }
            spool.put(ref, received);
            t.lastArrivalNanos = System.nanoTime();
            schedule(t, settle.toNanos());
        }
    }

    void markDone(String studyUid, int revision) throws IOException {
        Tracked t = tracked(studyUid);
        synchronized (t) {
            if (revision > t.revision) {
                throw new IllegalArgumentException("study " + LogTags.of(studyUid) + " has no revision " + revision);
            }
            if (revision > t.done) {
                spool.writeState(new Spool.StudyState(t.uid, t.revision, revision, t.patientKey));
                t.done = revision;
            }
        }
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
            long quiet = System.nanoTime() - t.lastArrivalNanos;
            if (quiet < settle.toNanos()) {
                schedule(t, settle.toNanos() - quiet);
                return;
            }
            event = eventFor(t);
            if (event == null) {
                return;
            }
            t.delivered = true;
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
                    schedule(t, settle.toNanos());
                }
            }
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
