package org.gbscan.trainer.train;

import org.gbscan.inference.preprocess.CropGeometry;
import org.gbscan.trainer.eval.FindingMask;

/**
 * A training frame's finding mask, kept small for the whole run: only its bounding box, in the original
 * frame's pixels. {@link #cellTargets} maps it onto the class-map grid of an augmented crop through the
 * crop's own {@link CropGeometry}, so the target follows every random crop and flip.
 */
record MaskHint(int frameWidth, int frameHeight, int x0, int y0, int width, int height, boolean[] inside) {
    /** Sub-samples per cell side when measuring how much of a cell the mask covers. */
    private static final int SUB = 4;

    MaskHint {
        if (inside.length != width * height) {
            throw new IllegalArgumentException("mask box " + width + "x" + height + " needs " + width * height + " cells");
        }
    }

    /** The mask's bounding box; null for a mask with nothing inside. */
    static MaskHint of(FindingMask mask) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.contains(x, y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        int w = maxX - minX + 1, h = maxY - minY + 1;
        boolean[] box = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                box[y * w + x] = mask.contains(minX + x, minY + y);
            }
        }
        return new MaskHint(mask.width(), mask.height(), minX, minY, w, h, box);
    }

    boolean contains(int x, int y) {
        int bx = x - x0, by = y - y0;
        return bx >= 0 && by >= 0 && bx < width && by < height && inside[by * width + bx];
    }

    /**
     * Per cell of a gridW x gridH class map of an {@code inputSize} model input laid over the frame by
     * {@code crop}: the share of the cell the mask covers, scaled so the best-covered cell is 1 (a finding
     * smaller than a cell still has a cell to aim at); all zero when the crop cut the finding out. Cell k
     * is centred on input pixel k*stride, as {@link CropGeometry#toFrameHeatMap} draws it.
     */
    float[] cellTargets(CropGeometry crop, int inputSize, int gridW, int gridH) {
        float[] t = new float[gridW * gridH];
        double sx = (double) inputSize / gridW, sy = (double) inputSize / gridH;
        float max = 0;
        for (int r = 0; r < gridH; r++) {
            for (int c = 0; c < gridW; c++) {
                int hits = 0, samples = 0;
                for (int j = 0; j < SUB; j++) {
                    double v = r * sy + ((j + 0.5) / SUB - 0.5) * sy;
                    for (int i = 0; i < SUB; i++) {
                        double u = c * sx + ((i + 0.5) / SUB - 0.5) * sx;
                        if (u < 0 || v < 0 || u >= inputSize || v >= inputSize) {
                            continue;
                        }
                        samples++;
                        CropGeometry.Point p = crop.toFrame(u, v, inputSize);
                        hits += contains((int) Math.floor(p.x()), (int) Math.floor(p.y())) ? 1 : 0;
                    }
                }
                float share = samples == 0 ? 0f : (float) hits / samples;
                t[r * gridW + c] = share;
                max = Math.max(max, share);
            }
        }
        if (max > 0) {
            for (int k = 0; k < t.length; k++) {
                t[k] /= max;
            }
        }
        return t;
    }
}
