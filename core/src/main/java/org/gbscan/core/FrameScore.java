package org.gbscan.core;

import java.util.Objects;

/**
 * The model's verdict on one frame: a probability, or a refusal when the quality gate found the frame
 * is not something the model can score.
 *
 * @param frame          the frame that was scored (kept so reports can draw the heat map over it)
 * @param baProbability  softmax probability of class 0 (biliary atresia), 0..1; NaN when refused
 * @param predicted      arg-max class of the model output; null when refused
 * @param heatMap        Grad-CAM in frame coordinates, or null when CAM was not requested or the frame was refused
 * @param refusal        why the frame was not scored, or null when it was
 */
public record FrameScore(Frame frame, double baProbability, Label predicted, HeatMap heatMap, Refusal refusal) {
    public FrameScore {
        Objects.requireNonNull(frame, "frame");
        if (refusal != null) {
            if (!Double.isNaN(baProbability) || predicted != null || heatMap != null) {
                throw new IllegalArgumentException("a refused frame has no probability, class or heat map");
            }
        } else {
            Objects.requireNonNull(predicted, "predicted");
            if (!(baProbability >= 0.0 && baProbability <= 1.0)) {
                throw new IllegalArgumentException("probability must be within 0..1, got " + baProbability);
            }
        }
        if (heatMap != null && (heatMap.width() != frame.width() || heatMap.height() != frame.height())) {
            throw new IllegalArgumentException("heat map " + heatMap.width() + "x" + heatMap.height()
                    + " does not match frame " + frame.width() + "x" + frame.height());
        }
    }

    /** A scored frame. */
    public FrameScore(Frame frame, double baProbability, Label predicted, HeatMap heatMap) {
        this(frame, baProbability, predicted, heatMap, null);
    }

    /** A frame the quality gate turned away. */
    public static FrameScore refused(Frame frame, Refusal refusal) {
        return new FrameScore(frame, Double.NaN, null, null, Objects.requireNonNull(refusal, "refusal"));
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
