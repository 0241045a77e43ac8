package org.gbscan.core;

/**
 * A class activation map in the coordinates of the frame it explains, values normalised to 0..1
 * (1 = where the model looked most). Row-major, same width and height as the frame.
 */
public record HeatMap(int width, int height, float[] values) {
    public HeatMap {
        if (width <= 0 || height <= 0 || values == null || values.length != width * height) {
            throw new IllegalArgumentException("heat map " + width + "x" + height + " needs "
                    + ((long) width * height) + " values");
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** Index (y * width + x) of the strongest activation; the first one on ties. */
    public int argMax() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
