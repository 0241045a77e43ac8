package org.gbscan.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gbscan.core.Refusal;
import org.gbscan.inference.preprocess.InputScreen;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.preprocess.PreparedImage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching: callers on any thread submit frames; one worker thread groups whatever is queued
 * into batches of up to {@code inference.batch.max} frames, waiting at most
 * {@code inference.batch.maxWait} after the oldest frame arrived, and runs one forward per batch
 * ({@link ForwardPass}). Preprocessing runs on the caller's thread, so it overlaps the forward of the
 * previous batch. The model itself is not closed here: whoever loaded it owns it.
 */
public final class BatchingScorer implements FrameScorer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingScorer.class);
    private static final Pending STOP = new Pending(null, null, null, 0);

    private final ScoringModel model;
    private final int batchMax;
    private final long maxWaitNanos;
    private final boolean cam;
    private final CamTarget camTarget;
    private final CamStage camStage;
    private final InputScreen screen;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final DistributionSummary batchSizes;
    private final Timer forwardTime;
    private volatile boolean closed;

    public BatchingScorer(ScoringModel model, InferenceSettings settings) {
        this(model, settings, new SimpleMeterRegistry());
    }

    /**
     * @param metrics receives {@code gbscan.inference.batch.size}, {@code gbscan.inference.batch.time}
     *                (preprocessed batch to scores) and {@code gbscan.inference.queue} (frames waiting)
     */
    public BatchingScorer(ScoringModel model, InferenceSettings settings, MeterRegistry metrics) {
        this.model = model;
        this.batchSizes = DistributionSummary.builder("gbscan.inference.batch.size")
                .description("frames per model forward").register(metrics);
        this.forwardTime = Timer.builder("gbscan.inference.batch.time")
                .description("one batch: forward, Grad-CAM and heat-map mapping").register(metrics);
        Gauge.builder("gbscan.inference.queue", queue, LinkedBlockingQueue::size)
                .description("frames waiting for a batch").register(metrics);
        this.batchMax = settings.batchMax();
        this.maxWaitNanos = settings.batchMaxWait().toNanos();
        this.cam = settings.camEnabled() && model.supportsGradCam();
        this.camTarget = settings.camTarget();
        this.camStage = settings.camStageFor(model.card());
        if (settings.camEnabled() && model.supportsGradCam()) {
            LOG.info("heat maps: Grad-CAM of {} read at {} ({})", settings.camTarget().name().toLowerCase(java.util.Locale.ROOT),
                    camStage.name().toLowerCase(java.util.Locale.ROOT), settings.camStage() != null ? "inference.cam.stage"
                            : model.card().camStage() != null ? "chosen by the model card" : "default");
        }
        this.screen = settings.gateEnabled() ? new InputScreen(model.card().inputKind()) : null;
        if (settings.camEnabled() && !model.supportsGradCam()) {
            LOG.warn("model {} is TorchScript: Grad-CAM is not available for it, frames are scored without heat maps",
                    model.info().displayName());
        }
        this.worker = new Thread(this::run, "gbscan-inference");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Preprocesses on this thread and queues the frame; the future completes when its batch has run. */
    public CompletableFuture<FrameScore> submit(Frame frame) {
        Pending p = prepare(frame);
        enqueue(List.of(p));
        return p.result;
    }

    @Override
    public List<FrameScore> scoreAll(List<Frame> frameList) {
        List<Pending> pending = new ArrayList<>(frameList.size());
        for (Frame f : frameList) {
            pending.add(prepare(f));
        }
        enqueue(pending); // all at once, so they fill batches instead of trickling in
        List<FrameScore> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            try {
                out.add(p.result.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new InferenceException("scoring failed", e.getCause());
            }
        }
        return out;
    }

    /** Whether scores carry heat maps (configured on, and the model supports Grad-CAM). */
    public boolean camActive() {
        return cam;
    }

    public ScoringModel model() {
        return model;
    }

    /** Forwards run so far (with {@link #framesScored()}: mean batch size, for metrics and tests). */
    public long batchesRun() {
        return batches.get();
    }

    public long framesScored() {
        return frames.get();
    }

    /** Stops the worker after the batch in flight; frames still queued fail with {@link InferenceException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p != STOP) {
                p.result.completeExceptionally(new InferenceException("scorer closed before this frame was scored"));
            }
        }
    }

    /** A frame the image checks refuse is answered at once and never queued (image null). */
    private Pending prepare(Frame frame) {
        Optional<Refusal> refusal = screen == null ? Optional.empty() : screen.check(frame);
        if (refusal.isPresent()) {
            return new Pending(frame, null, CompletableFuture.completedFuture(FrameScore.refused(frame, refusal.get())), 0);
        }
        return new Pending(frame, model.preprocessor().prepare(frame), new CompletableFuture<>(), 0);
    }

    private void enqueue(List<Pending> pending) {
        if (closed) {
            throw new InferenceException("scorer is closed");
        }
        long now = System.nanoTime();
        List<Pending> stamped = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.image() == null) {
                continue; // refused by the image checks: already answered
            }
            Pending q = p.at(now);
            stamped.add(q);
            queue.add(q);
        }
        if (closed) { // close() ran meanwhile and may have drained the queue already: nobody would score these
            for (Pending q : stamped) {
                if (queue.remove(q)) {
                    q.result.completeExceptionally(new InferenceException("scorer closed before this frame was scored"));
                }
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchMax);
        try {
            while (true) {
                Pending first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                boolean stop = fill(batch, first.enqueuedNanos + maxWaitNanos);
                runBatch(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds queued frames until the batch is full or the oldest frame's wait is over; true when STOP was seen. */
    private boolean fill(List<Pending> batch, long deadline) throws InterruptedException {
        while (batch.size() < batchMax) {
            Pending next = queue.poll();
            if (next == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                next = queue.poll(remaining, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return false;
                }
            }
            if (next == STOP) {
                return true;
            }
            batch.add(next);
        }
        return false;
    }

    private void runBatch(List<Pending> batch) {
        List<Frame> batchFrames = new ArrayList<>(batch.size());
        List<PreparedImage> images = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            batchFrames.add(p.frame);
            images.add(p.image);
        }
        try {
            long start = System.nanoTime();
            List<FrameScore> scores = ForwardPass.score(model, batchFrames, images, cam, camTarget, camStage, screen != null);
            forwardTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSizes.record(batch.size());
            batches.incrementAndGet();
            frames.addAndGet(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(scores.get(i));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("batch of {} frames failed: {}", batch.size(), e.toString());
            InferenceException failure = new InferenceException("model forward failed: " + e, e);
            batch.forEach(p -> p.result.completeExceptionally(failure));
        }
    }

    private record Pending(Frame frame, PreparedImage image, CompletableFuture<FrameScore> result, long enqueuedNanos) {
        Pending at(long nanos) {
            return new Pending(frame, image, result, nanos);
        }
    }
}
