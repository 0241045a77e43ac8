package org.gbscan.core;

import java.util.Objects;

/**
 * The model's verdict on one frame.
 *
 * @param frame          the frame that was scored (kept so reports can draw the heat map over it)
 * @param baProbability  softmax probability of class 0 (biliary atresia), 0..1
 * @param predicted      arg-max class of the model output
 * @param heatMap        Grad-CAM in frame coordinates, or null when CAM was not requested
 */
public record FrameScore(Frame frame, double baProbability, Label predicted, HeatMap heatMap) {
    public FrameScore {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(predicted, "predicted");
        if (!(baProbability >= 0.0 && baProbability <= 1.0)) {
            throw new IllegalArgumentException("probability must be within 0..1, got " + baProbability);
        }
        if (heatMap != null && (heatMap.width() != frame.width() || heatMap.height() != frame.height())) {
            throw new IllegalArgumentException("heat map " + heatMap.width() + "x" + heatMap.height()
                    + " does not match frame " + frame.width() + "x" + frame.height());
        }
    }
}
