package org.gbscan.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome for one study: every frame the model was shown, the study-level BA probability (mean
 * over the frames it scored, the published patient-level rule) and the label at the model's threshold.
 * When the quality gate refused every frame, the study is <em>not assessable</em>: {@link #refusal()}
 * says why, and there is no probability (NaN) and no label (null).
 *
 * @param sources every source instance of the study that was considered (evidence for the SR)
 * @param frames  every frame, scored or refused
 * @param refusal why the study could not be assessed, or null when it was
 */
public record StudyResult(StudyRef study, List<InstanceRef> sources, List<FrameScore> frames,
                          double baProbability, Label label, ModelInfo model, Instant scoredAt, Refusal refusal) {
    public StudyResult {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scoredAt, "scoredAt");
        sources = List.copyOf(sources);
        frames = List.copyOf(frames);
        if (refusal != null) {
            if (!Double.isNaN(baProbability) || label != null) {
                throw new IllegalArgumentException("a study that is not assessable has no probability and no label");
            }
        } else {
            Objects.requireNonNull(label, "label");
            if (frames.stream().noneMatch(f -> !f.isRefused())) {
                throw new IllegalArgumentException("a study result needs at least one scored frame");
            }
            if (!(baProbability >= 0.0 && baProbability <= 1.0)) {
                throw new IllegalArgumentException("probability must be within 0..1, got " + baProbability);
            }
        }
    }

    /** An assessed study. */
    public StudyResult(StudyRef study, List<InstanceRef> sources, List<FrameScore> frames,
                       double baProbability, Label label, ModelInfo model, Instant scoredAt) {
        this(study, sources, frames, baProbability, label, model, scoredAt, null);
    }

    /** A study the model could not assess: every frame was refused (the first refusal names the reason). */
    public static StudyResult notAssessable(StudyRef study, List<InstanceRef> sources, List<FrameScore> frames,
                                            Refusal refusal, ModelInfo model, Instant scoredAt) {
        return new StudyResult(study, sources, frames, Double.NaN, null, model, scoredAt,
                Objects.requireNonNull(refusal, "refusal"));
    }

    public boolean isAssessable() {
        return refusal == null;
    }

    /** The frames that got a probability. */
    public List<FrameScore> scoredFrames() {
        return frames.stream().filter(f -> !f.isRefused()).toList();
    }

    /**
     * The scored frames with the highest BA probability first (none when not assessable). The ranking must
     * not depend on the last bits of a float: the same study scored again (a redelivery, another worker,
     * another batch mix) differs there, and the chosen frames name the CAM captures' UIDs. So probabilities
     * are compared to {@link #RANK_RESOLUTION} and ties go by frame key.
     */
    public List<FrameScore> topFrames(int k) {
        return scoredFrames().stream()
                .sorted(Comparator.comparingLong((FrameScore f) -> -Math.round(f.baProbability() / RANK_RESOLUTION))
                        .thenComparing(f -> f.frame().key()))
                .limit(k)
                .toList();
    }

    /** Probabilities this close rank as equal: a tenth of the last digit the captions show, far above float noise. */
    public static final double RANK_RESOLUTION = 1e-4;
}
