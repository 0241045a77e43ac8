package org.gbscan.reporting.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.gbscan.core.LogTags;
import org.gbscan.core.dicom.net.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable export of result objects to the PACS. {@link #submit} writes a study's objects to disk
 * first; one background thread per destination (a {@link Courier}) then C-STOREs them, so a destination
 * that is down or hangs delays nobody else, and each retries with exponential backoff while its destination
 * is down or refuses. The courier sends every due study's objects in one call and keeps the association
 * open for the next results for the destination's idle time. An entry is removed only when every
 * destination confirmed every object. On {@link #start()} the folder is scanned, so work survives restarts.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /**
     * Results older than this are deleted even if a destination never confirmed them: a week covers a PACS
     * down over a long weekend, and /health turns DOWN after health.outbox.maxAge (30 min) anyway.
     */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /**
     * How long an association stays open after its last send, for the next study's results: at 2 studies/s
     * it never closes; 10 s stays under the idle timers PACSs commonly run (Orthanc closes after 30 s, DCMTK
     * storescp after 60 s), and a PACS that closes sooner costs a new association, not a retry delay.
     */
    public static final Duration DEFAULT_ASSOCIATION_IDLE = Duration.ofSeconds(10);
    /** Objects sent in one call at most: a backlog goes out in batches, each confirmed entry leaving the outbox soon. */
    static final int MAX_OBJECTS_PER_SEND = 32;

    /** Writes one object's bytes (e.g. {@code out -> DicomFiles.write(spec, out)}). */
    @FunctionalInterface
    public interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final OutboxStore store;
    private final List<Destination> destinations;
    private final Sender sender;
    private final Backoff backoff;
    private final Clock clock;
    private final OutboxMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile boolean running;
    private volatile String lastError = "";
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;
    private final List<Thread> workers = new ArrayList<>();
    private final Duration maxAge;
    private final Map<Destination, Duration> associationIdle;
    private final java.util.concurrent.atomic.AtomicLong bytesHeld = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService sweeper =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gbscan-outbox-retention");
                t.setDaemon(true);
                return t;
            });

    private record Entry(Path dir, Manifest manifest) {
    }

    /** One entry's objects still owed to one destination. */
    record Work(String key, String generation, Path dir, Manifest.Target target, List<String> files) {
    }

    public Outbox(Path dir, List<Destination> destinations, Sender sender, Backoff backoff, MeterRegistry registry, Clock clock)
            throws IOException {
        this(dir, destinations, sender, backoff, registry, clock, DEFAULT_MAX_AGE);
    }

    /** @param maxAge results older than this are deleted, confirmed or not (see {@link #sweep()}) */
    public Outbox(Path dir, List<Destination> destinations, Sender sender, Backoff backoff, MeterRegistry registry, Clock clock,
                  Duration maxAge) throws IOException {
        this(dir, destinations, sender, backoff, registry, clock, maxAge, Map.of());
    }

    /**
     * @param associationIdle per destination, how long its association stays open after a send for the next
     *                        results (zero: closed after each send); {@link #DEFAULT_ASSOCIATION_IDLE} for the others
     */
    public Outbox(Path dir, List<Destination> destinations, Sender sender, Backoff backoff, MeterRegistry registry, Clock clock,
                  Duration maxAge, Map<Destination, Duration> associationIdle) throws IOException {
        this.maxAge = maxAge;
        this.associationIdle = Map.copyOf(associationIdle);
        this.store = new OutboxStore(dir);
        this.destinations = List.copyOf(destinations);
        this.sender = sender;
        this.backoff = backoff;
        this.clock = clock;
        this.metrics = new OutboxMetrics(registry);
        Gauge.builder("gbscan.outbox.depth", this, Outbox::depth)
                .description("studies waiting in the outbox").register(registry);
        Gauge.builder("gbscan.outbox.oldest.age", this, o -> o.oldestAge().toMillis() / 1000.0)
                .baseUnit("seconds").description("age of the oldest waiting study").register(registry);
        Gauge.builder("gbscan.storage.bytes", bytesHeld, java.util.concurrent.atomic.AtomicLong::get).tag("area", "outbox")
                .baseUnit("bytes").description("bytes of result objects held on disk").register(registry);
        if (this.destinations.isEmpty()) {
            LOG.warn("no PACS destination configured (reporting.pacs[0].ae/host/port): results stay in {} for {}", dir, maxAge);
        }
    }

    /** Loads the entries left on disk and starts sending. */
    public void start() throws IOException {
        lock.lock();
        try {
            for (Path entryDir : store.scan()) {
                Manifest m = reconcile(Manifest.read(entryDir));
                if (!destinations.isEmpty() && m.complete()) {
                    store.remove(entryDir); // delivered before a crash, or meant only for removed destinations
                } else {
                    entries.put(entryDir.getFileName().toString(), new Entry(entryDir, m));
                }
            }
            running = true;
        } finally {
            lock.unlock();
        }
        LOG.info("outbox {} started with {} waiting studies, {} destinations", store.dir(), depth(), destinations.size());
        sweep();
        long every = Math.max(1, Math.min(TimeUnit.MINUTES.toMillis(1), maxAge.toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        // One sender per destination: a PACS that is down or hangs until the read timeout delays only its own queue.
        for (Destination d : destinations) {
            Courier courier = new Courier(this, sender, metrics, d, associationIdle.getOrDefault(d, DEFAULT_ASSOCIATION_IDLE));
            Thread worker = new Thread(courier, "gbscan-outbox-" + d.aeTitle());
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Writes the study's objects and its manifest durably, then queues them for every destination.
     * A study already waiting is replaced (same derived UIDs: the newer result wins).
     *
     * @param objects file name (e.g. {@code sr.dcm}) to the writer of that file
     */
    public void submit(String studyInstanceUid, Map<String, ObjectWriter> objects) throws IOException {
        String key = OutboxStore.studyKey(studyInstanceUid);
        Path staging = store.newStaging();
        try {
            for (Map.Entry<String, ObjectWriter> o : objects.entrySet()) {
                OutboxStore.writeSynced(staging.resolve(o.getKey()), o.getValue());
            }
            Instant now = clock.instant();
            Manifest m = new Manifest(1, studyInstanceUid, LogTags.of(studyInstanceUid), UUID.randomUUID().toString(), now,
                    new ArrayList<>(objects.keySet()), destinations.stream().map(d -> Manifest.Target.pending(d, now)).toList());
            OutboxStore.writeSynced(staging.resolve(Manifest.FILE), m::writeTo);
            lock.lock();
            try {
                Path dir = store.commit(staging, key);
                entries.put(key, new Entry(dir, m));
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            LOG.info("study {}: {} objects queued for {} destinations", m.studyTag(), objects.size(), destinations.size());
        } finally {
            OutboxStore.deleteTree(staging); // gone after a successful commit; a failed submit leaves nothing
        }
    }

    /**
     * Deletes every entry older than the maximum age, delivered or not, and measures what the outbox holds.
     * Runs at start and then every minute; returns how many entries it deleted.
     */
    public int sweep() throws IOException {
        List<Manifest> expired = new ArrayList<>();
        lock.lock();
        try {
            Instant limit = clock.instant().minus(maxAge);
            for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
                Entry e = it.next().getValue();
                if (e.manifest().createdAt().isBefore(limit)) {
                    store.remove(e.dir());
                    it.remove();
                    expired.add(e.manifest());
                }
            }
        } finally {
            lock.unlock();
        }
        for (Manifest m : expired) {
            List<String> owed = m.targets().stream().filter(t -> !t.done(m.files())).map(Manifest.Target::aeTitle).toList();
            LOG.warn("study {}: results deleted from the outbox after {} (reporting.outbox.maxAge); never confirmed by {}",
                    m.studyTag(), maxAge, owed.isEmpty() ? "none (no destination configured)" : owed);
            metrics.expired();
        }
        bytesHeld.set(store.bytes());
        return expired.size();
    }

    public long bytesHeld() {
        return bytesHeld.get();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            LOG.error("outbox retention sweep failed (retried in a minute): {}", e.toString());
        }
    }

    public int depth() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    public Duration oldestAge() {
        lock.lock();
        try {
            return entries.values().stream().map(e -> e.manifest().createdAt()).min(Instant::compareTo)
                    .map(t -> Duration.between(t, clock.instant())).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        } finally {
            lock.unlock();
        }
    }

    public OutboxHealth health() {
        // a sender thread that died (it should not: it catches what a send throws) stops its destination for good
        boolean sending = running && workers.stream().allMatch(Thread::isAlive);
        return new OutboxHealth(depth(), oldestAge(), lastError, lastErrorAt, lastSuccessAt, sending);
    }

    @Override
    public void close() throws InterruptedException {
        sweeper.shutdownNow();
        lock.lock();
        try {
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /**
     * The due work for one destination, oldest entry first, up to {@link #MAX_OBJECTS_PER_SEND} objects (so
     * results that queued up share one association); waits up to {@code maxWaitMillis} for some to be due.
     *
     * @return the batch, empty when the wait ended without work, null once the outbox stops
     */
    List<Work> awaitDue(Destination destination, long maxWaitMillis) throws InterruptedException {
        lock.lock();
        try {
            if (!running) {
                return null;
            }
            List<Work> batch = dueBatch(destination);
            if (batch.isEmpty()) {
                changed.await(Math.max(1, Math.min(maxWaitMillis, millisUntilNextDue(destination))), TimeUnit.MILLISECONDS);
                return running ? dueBatch(destination) : null;
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private List<Work> dueBatch(Destination destination) {
        Instant now = clock.instant();
        List<Work> batch = new ArrayList<>();
        int objects = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Manifest m = e.getValue().manifest();
            for (Manifest.Target t : m.targets()) {
                if (t.sameDestination(destination) && !t.done(m.files()) && !t.nextAttemptAt().isAfter(now)) {
                    List<String> remaining = m.files().stream().filter(f -> !t.sent().contains(f)).toList();
                    if (!batch.isEmpty() && objects + remaining.size() > MAX_OBJECTS_PER_SEND) {
                        return batch;
                    }
                    batch.add(new Work(e.getKey(), m.generation(), e.getValue().dir(), t, remaining));
                    objects += remaining.size();
                }
            }
        }
        return batch;
    }

    private long millisUntilNextDue(Destination destination) {
        Instant now = clock.instant();
        long wait = TimeUnit.MINUTES.toMillis(1);
        for (Entry e : entries.values()) {
            for (Manifest.Target t : e.manifest().targets()) {
                if (t.sameDestination(destination) && !t.done(e.manifest().files())) {
                    wait = Math.min(wait, Math.max(1, Duration.between(now, t.nextAttemptAt()).toMillis()));
                }
            }
        }
        return wait;
    }

    /** Notes what a destination confirmed of an entry (all: the entry may leave the outbox) or why it failed. */
    void record(Work work, List<String> stored, String error) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry entry = entries.get(work.key());
            if (entry == null || !entry.manifest().generation().equals(work.generation())) {
                return; // replaced while sending: the new entry is sent on its own
            }
            Manifest m = entry.manifest();
            List<Manifest.Target> targets = new ArrayList<>();
            for (Manifest.Target t : m.targets()) {
                if (!t.sameDestination(work.target().destination())) {
                    targets.add(t);
                } else if (error == null) {
                    targets.add(t.succeeded(stored, now));
                } else {
                    Duration wait = backoff.after(t.attempts() + 1);
                    targets.add(t.failed(stored, error, now.plus(wait)));
                    LOG.warn("study {}: export to {} failed (attempt {}), retry in {}: {}", m.studyTag(),
                            t.aeTitle(), t.attempts() + 1, wait, error);
                }
            }
            Manifest updated = m.withTargets(targets);
            if (error != null) {
                metrics.failed(work.target().destination());
                lastError = error;
                lastErrorAt = now;
            } else {
                lastSuccessAt = now;
            }
            try {
                if (updated.complete()) {
                    store.remove(entry.dir());
                    entries.remove(work.key());
                    LOG.info("study {}: all {} objects delivered to every destination", m.studyTag(), m.files().size());
                } else {
                    updated.write(entry.dir());
                    entries.put(work.key(), new Entry(entry.dir(), updated));
                }
            } catch (IOException e) {
                entries.put(work.key(), new Entry(entry.dir(), updated));
                lastError = "outbox folder: " + e.getMessage();
                lastErrorAt = now;
                LOG.error("study {}: cannot update outbox entry (a restart may send it again): {}", m.studyTag(), e.toString());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops destinations that are no longer configured, so an entry cannot wait forever for a removed PACS. */
    private Manifest reconcile(Manifest m) {
        List<Manifest.Target> kept = m.targets().stream()
                .filter(t -> destinations.stream().anyMatch(t::sameDestination)).toList();
        if (kept.size() < m.targets().size()) {
            LOG.warn("study {}: {} destinations of the waiting entry are no longer configured and are skipped",
                    m.studyTag(), m.targets().size() - kept.size());
        }
        return m.withTargets(kept);
    }
}
