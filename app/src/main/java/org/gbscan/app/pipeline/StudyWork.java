package org.gbscan.app.pipeline;

import java.util.List;
import java.util.Objects;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.StudyResult;
import org.gbscan.listener.StudyReady;

/**
 * One study on its way through the route. Each step returns a copy with its part filled in, so the
 * message body always says how far the study got.
 *
 * @param images decoded instances (each frame decoded once, here), empty before loading
 * @param result the model's verdict, null before scoring
 */
public record StudyWork(StudyReady ready, List<ImageInstance> images, int skippedFiles, StudyResult result,
                        long startedNanos) {
    public StudyWork {
        Objects.requireNonNull(ready, "ready");
        images = List.copyOf(images);
    }

    public static StudyWork arrived(StudyReady ready) {
        return new StudyWork(ready, List.of(), 0, null, System.nanoTime());
    }

    public StudyWork loaded(List<ImageInstance> decoded, int skipped) {
        return new StudyWork(ready, decoded, skipped, result, startedNanos);
    }

    public StudyWork scored(StudyResult scored) {
        return new StudyWork(ready, images, skippedFiles, scored, startedNanos);
    }

    public String logTag() {
        return ready.logTag();
    }

    public double secondsSinceArrival() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
