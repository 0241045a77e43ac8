package org.gbscan.inference.preprocess;

import org.gbscan.core.HeatMap;

/**
 * A model-ready input: {@code channels x size x size} floats in CHW order, normalised with the
 * model card's mean/std, plus where it came from in the original frame.
 *
 * @param area the ultrasound image area of the frame, or null when the whole crop counts
 */
public record PreparedImage(float[] data, int channels, int size, CropGeometry geometry, ImageArea area) {
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

    /**
     * A coarse map laid over the model input (e.g. 7x7 Grad-CAM) in frame coordinates: 0 outside the crop
     * and outside the image area (a cell that straddles the fan's edge would otherwise paint the black
     * background and the text beside it), then scaled so its strongest pixel is 1 again.
     */
    public HeatMap toFrameHeatMap(float[] grid, int gridWidth, int gridHeight) {
        HeatMap heat = geometry.toFrameHeatMap(grid, gridWidth, gridHeight, size);
        if (area == null) {
            return heat;
        }
        float[] v = heat.values();
        float max = 0f;
        for (int y = 0, i = 0; y < heat.height(); y++) {
            for (int x = 0; x < heat.width(); x++, i++) {
                if (!area.contains(x, y)) {
                    v[i] = 0f;
                } else if (v[i] > max) {
                    max = v[i];
                }
            }
        }
        if (max > 0f && max < 1f) {
            float scale = 1f / max;
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return heat;
    }
}
