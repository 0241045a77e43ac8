package org.gbscan.inference.preprocess;

import org.gbscan.core.HeatMap;

/**
 * A model-ready input: {@code channels x size x size} floats in CHW order, normalised with the
 * model card's mean/std, plus where it came from in the original frame.
 */
public record PreparedImage(float[] data, int channels, int size, CropGeometry geometry) {
    public PreparedImage {
        if (data.length != channels * size * size) {
            throw new IllegalArgumentException("prepared image " + channels + "x" + size + "x" + size
                    + " needs " + channels * size * size + " values, got " + data.length);
        }
    }

    /** A point on the model grid (continuous, 0..size) in original frame coordinates. */
    public CropGeometry.Point toFrame(double u, double v) {
        return geometry.toFrame(u, v, size);
    }

    /** A frame point on the model grid (outside 0..size when it lies outside the crop). */
    public CropGeometry.Point toGrid(double frameX, double frameY) {
        return geometry.toGrid(frameX, frameY, size);
    }

    /** A coarse map laid over the model input (e.g. 7x7 Grad-CAM) in frame coordinates; 0 outside the crop. */
    public HeatMap toFrameHeatMap(float[] grid, int gridWidth, int gridHeight) {
        return geometry.toFrameHeatMap(grid, gridWidth, gridHeight);
    }
}
