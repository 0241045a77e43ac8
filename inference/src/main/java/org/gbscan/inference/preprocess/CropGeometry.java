package org.gbscan.inference.preprocess;

import org.gbscan.core.HeatMap;

/**
 * Where the model's square input came from in the original frame: a rectangle in frame pixel
 * coordinates (continuous: pixel i covers [i, i+1)), possibly mirrored left-right by augmentation.
 * The model grid is stretched over this rectangle (plain resize, as in the study's evaluation).
 */
public record CropGeometry(int frameWidth, int frameHeight, double x, double y, double width, double height,
                           boolean flipped) {
    public CropGeometry {
        if (frameWidth <= 0 || frameHeight <= 0 || !(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " in frame " + frameWidth + "x" + frameHeight);
        }
    }

    /** The whole frame, unflipped. */
    public static CropGeometry wholeFrame(int frameWidth, int frameHeight) {
        return new CropGeometry(frameWidth, frameHeight, 0, 0, frameWidth, frameHeight, false);
    }

    /** A point of a gridSize x gridSize model input (continuous coordinates 0..gridSize) in frame coordinates. */
    public Point toFrame(double u, double v, int gridSize) {
        double fu = u / gridSize;
        if (flipped) {
            fu = 1.0 - fu;
        }
        return new Point(x + fu * width, y + v / gridSize * height);
    }

    /** The inverse of {@link #toFrame}: a frame point in model-grid coordinates (outside 0..gridSize when outside the crop). */
    public Point toGrid(double frameX, double frameY, int gridSize) {
        double fu = (frameX - x) / width;
        if (flipped) {
            fu = 1.0 - fu;
        }
        return new Point(fu * gridSize, (frameY - y) / height * gridSize);
    }

    /**
     * The sub-rectangle [x0,x0+w) x [y0,y0+h) of an image laid out by this geometry with the given pixel size,
     * as a geometry of its own (augmentation crops an already cropped image).
     */
    public CropGeometry subRegion(int imageWidth, int imageHeight, int x0, int y0, int w, int h) {
        double sx = width / imageWidth;
        double sy = height / imageHeight;
        double left = flipped ? x + (imageWidth - x0 - w) * sx : x + x0 * sx;
        return new CropGeometry(frameWidth, frameHeight, left, y + y0 * sy, w * sx, h * sy, flipped);
    }

    public CropGeometry mirrored() {
        return new CropGeometry(frameWidth, frameHeight, x, y, width, height, !flipped);
    }

    /**
     * Spreads a feature map of an {@code inputSize} x {@code inputSize} model input (e.g. a 7x7 Grad-CAM
     * grid of a 224-px input) back onto the original frame: bilinear within the crop, 0 outside it.
     * Values are copied as they are (normalise before or after).
     * <p>
     * Cell k of a map made by strided convolutions with "same" padding (stride s = inputSize / grid size)
     * is centred on input pixel k*s, not on the middle of the k-th s-wide block, (k+0.5)*s: each stride-2
     * step keeps the even positions. Placing it at (k+0.5)*s would shift the whole map by s/2 - 0.5 input
     * pixels right and down: 15.5 px at the last stage of a ResNet, which puts a maximum that belongs to a
     * small finding beside it. A map as fine as the input (s = 1) is the plain pixel-centre case.
     */
    public HeatMap toFrameHeatMap(float[] grid, int gridWidth, int gridHeight, int inputSize) {
        if (grid.length != gridWidth * gridHeight) {
            throw new IllegalArgumentException("grid " + gridWidth + "x" + gridHeight + " needs " + gridWidth * gridHeight + " values");
        }
        if (inputSize < gridWidth || inputSize < gridHeight) {
            throw new IllegalArgumentException("grid " + gridWidth + "x" + gridHeight + " is finer than its " + inputSize + "-px input");
        }
        double strideX = (double) inputSize / gridWidth, strideY = (double) inputSize / gridHeight;
        int[] col0 = new int[frameWidth];
        float[] colW = new float[frameWidth];
        boolean[] colInside = new boolean[frameWidth];
        for (int px = 0; px < frameWidth; px++) {
            double fu = (px + 0.5 - x) / width;
            colInside[px] = fu >= 0 && fu <= 1;
            if (flipped) {
                fu = 1.0 - fu;
            }
            double g = (fu * inputSize - 0.5) / strideX;
            int g0 = (int) Math.floor(g);
            colW[px] = (float) (g - g0);
            col0[px] = g0;
        }
        float[] out = new float[frameWidth * frameHeight];
        for (int py = 0; py < frameHeight; py++) {
            double fv = (py + 0.5 - y) / height;
            if (fv < 0 || fv > 1) {
                continue;
            }
            double g = (fv * inputSize - 0.5) / strideY;
            int r0 = (int) Math.floor(g);
            float wy = (float) (g - r0);
            int ra = clamp(r0, gridHeight) * gridWidth;
            int rb = clamp(r0 + 1, gridHeight) * gridWidth;
            int rowBase = py * frameWidth;
            for (int px = 0; px < frameWidth; px++) {
                if (!colInside[px]) {
                    continue;
                }
                int ca = clamp(col0[px], gridWidth);
                int cb = clamp(col0[px] + 1, gridWidth);
                float wx = colW[px];
                float top = grid[ra + ca] + wx * (grid[ra + cb] - grid[ra + ca]);
                float bottom = grid[rb + ca] + wx * (grid[rb + cb] - grid[rb + ca]);
                out[rowBase + px] = top + wy * (bottom - top);
            }
        }
        return new HeatMap(frameWidth, frameHeight, out);
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /** A point in continuous pixel coordinates. */
    public record Point(double x, double y) {
    }
}
