package org.gbscan.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome for one study: every scored frame, the study-level BA probability (mean over frames,
 * the published patient-level rule) and the label at the model's threshold.
 *
 * @param sources every source instance of the study that was considered (evidence for the SR)
 */
public record StudyResult(StudyRef study, List<InstanceRef> sources, List<FrameScore> frames,
                          double baProbability, Label label, ModelInfo model, Instant scoredAt) {
    public StudyResult {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scoredAt, "scoredAt");
        sources = List.copyOf(sources);
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a study result needs at least one scored frame");
        }
        if (!(baProbability >= 0.0 && baProbability <= 1.0)) {
            throw new IllegalArgumentException("probability must be within 0..1, got " + baProbability);
        }
    }

    /** The frames with the highest BA probability first. */
    public List<FrameScore> topFrames(int k) {
        return frames.stream()
                .sorted(Comparator.comparingDouble(FrameScore::baProbability).reversed())
                .limit(k)
                .toList();
    }
}
