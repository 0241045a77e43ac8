package org.gbscan.inference.preprocess;

import java.util.ArrayDeque;

/**
 * Finds the ultrasound image region (the B-mode fan, also in a phone photo of the screen) in a
 * luminance plane: the largest connected bright area on a coarse grid that is not background running
 * along the frame's edges, with the holes it encloses filled (an anechoic gallbladder lumen is black
 * but inside the fan). Burned-in text, depth scales and calipers are small separate areas, so they
 * fall outside the region and are masked.
 *
 * <p>Works on cell means (cells of ~1/128 of the short side) so speckle, moire and JPEG noise average
 * out, and a perspective-skewed or glare-spotted fan is still one blob; the crop is the blob's
 * bounding box, which a skewed quadrilateral does not break. The threshold adapts to the dark level
 * (a photographed screen's black is grey).
 */
final class RegionFinder {
    /** A region smaller than this share of the frame is not trusted: the whole frame is used instead. */
    static final double MIN_REGION_SHARE = 0.04;
    /** A component lying along more than this share of the frame's edge is background (a lit wall), not the image. */
    static final double MAX_BORDER_SHARE = 0.25;
    private static final int TARGET_CELLS = 128;
    private static final int THRESHOLD_STEPS = 5;

    private RegionFinder() {
    }

    static Region find(byte[] luminance, int width, int height) {
        int cell = Math.max(2, Math.min(width, height) / TARGET_CELLS);
        int gw = (width + cell - 1) / cell;
        int gh = (height + cell - 1) / cell;
        float[] cellMean = cellMeans(luminance, width, height, cell, gw, gh);
        // The image sits on the screen's black: search inside the box of the largest dark area, so a lit
        // wall around a photographed monitor cannot win (for a DICOM frame that box is the whole frame).
        float base = threshold(cellMean);
        boolean[] on = bright(cellMean, base);
        int[] box = largestDarkBox(on, gw, gh);
        int[] component = pickComponent(on, gw, gh, box, true);
        // Else raise the threshold step by step until a bright area stands free of the edges.
        float top = Math.max(base + 1, percentileOf(cellMean, 0.98));
        int[] whole = {0, 0, gw - 1, gh - 1};
        for (int step = 1; step < THRESHOLD_STEPS && component == null; step++) {
            component = pickComponent(bright(cellMean, base + step * (top - base) / THRESHOLD_STEPS), gw, gh, whole, true);
        }
        if (component == null) {
            component = pickComponent(on, gw, gh, whole, false);
        }
        if (component == null) {
            return Region.whole(width, height);
        }
        component = withHoles(component, gw, gh);
        boolean[] keep = new boolean[gw * gh];
        int cx0 = gw, cy0 = gh, cx1 = -1, cy1 = -1;
        for (int idx : component) {
            int cx = idx % gw, cy = idx / gw;
            cx0 = Math.min(cx0, cx);
            cy0 = Math.min(cy0, cy);
            cx1 = Math.max(cx1, cx);
            cy1 = Math.max(cy1, cy);
            // grow by one cell so the fan's rim, split across cells, is not shaved off
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = cx + dx, ny = cy + dy;
                    if (nx >= 0 && ny >= 0 && nx < gw && ny < gh) {
                        keep[ny * gw + nx] = true;
                    }
                }
            }
        }
        int x0 = cx0 * cell, y0 = cy0 * cell;
        int x1 = Math.min(width, (cx1 + 1) * cell), y1 = Math.min(height, (cy1 + 1) * cell);
        return new Region(x0, y0, x1 - x0, y1 - y0, cell, gw, keep);
    }

    private static float[] cellMeans(byte[] lum, int width, int height, int cell, int gw, int gh) {
        float[] sum = new float[gw * gh];
        int[] count = new int[gw * gh];
        for (int y = 0; y < height; y++) {
            int rowCell = (y / cell) * gw;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int c = rowCell + x / cell;
                sum[c] += lum[row + x] & 0xff;
                count[c]++;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count[i];
        }
        return sum;
    }

    /**
     * Otsu's split of the cell means (image vs. background), pulled a quarter of the way towards the dark
     * level (10th percentile) so dim deep tissue stays in; a photographed screen's grey black and the
     * darker room around it both fall below it.
     */
    private static float threshold(float[] cellMean) {
        int[] histogram = new int[256];
        for (float v : cellMean) {
            histogram[Math.min(255, (int) v)]++;
        }
        int dark = percentile(histogram, cellMean.length, 0.10);
        int otsu = otsu(histogram, cellMean.length);
        return dark + Math.max(6f, 0.75f * (otsu - dark));
    }

    private static int otsu(int[] histogram, int total) {
        double sumAll = 0;
        for (int v = 0; v < 256; v++) {
            sumAll += (double) v * histogram[v];
        }
        double sumBelow = 0, bestVariance = -1;
        long below = 0;
        int best = 0;
        for (int t = 0; t < 256; t++) {
            below += histogram[t];
            sumBelow += (double) t * histogram[t];
            long above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double meanBelow = sumBelow / below, meanAbove = (sumAll - sumBelow) / above;
            double variance = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = t;
            }
        }
        return best;
    }

    private static int percentile(int[] histogram, int total, double p) {
        long target = (long) Math.ceil(p * total);
        long seen = 0;
        for (int v = 0; v < histogram.length; v++) {
            seen += histogram[v];
            if (seen >= target) {
                return v;
            }
        }
        return 255;
    }

    /**
     * The largest bright component that is not the background around the screen: in a phone photo a lit
     * wall or desk can be the biggest bright area, but it runs along the photo's edges, while the fan
     * touches at most a short stretch of them.
     */
    private static int[] pickComponent(boolean[] on, int gw, int gh, int[] box, boolean freeOfEdges) {
        int[] label = new int[on.length];
        int[] buffer = new int[on.length];
        int[] best = new int[0];
        int[] largest = new int[0];
        int bx0 = box[0], by0 = box[1], bx1 = box[2], by1 = box[3];
        int edgeCells = Math.max(1, 2 * ((bx1 - bx0 + 1) + (by1 - by0 + 1)) - 4);
        int next = 1;
        for (int start = 0; start < on.length; start++) {
            int sx = start % gw, sy = start / gw;
            if (!on[start] || label[start] != 0 || sx < bx0 || sx > bx1 || sy < by0 || sy > by1) {
                continue;
            }
            int size = 0, onEdge = 0;
            buffer[size++] = start;
            label[start] = next;
            for (int head = 0; head < size; head++) {
                int i = buffer[head];
                int x = i % gw, y = i / gw;
                if (x == bx0 || y == by0 || x == bx1 || y == by1) {
                    onEdge++;
                }
                if (x > bx0) size = visit(on, label, buffer, size, i - 1, next);
                if (x < bx1) size = visit(on, label, buffer, size, i + 1, next);
                if (y > by0) size = visit(on, label, buffer, size, i - gw, next);
                if (y < by1) size = visit(on, label, buffer, size, i + gw, next);
            }
            if (size > largest.length) {
                largest = java.util.Arrays.copyOf(buffer, size);
            }
            if (onEdge <= MAX_BORDER_SHARE * edgeCells && size > best.length) {
                best = java.util.Arrays.copyOf(buffer, size);
            }
            next++;
        }
        int[] chosen = freeOfEdges ? best : largest;
        return chosen.length >= MIN_REGION_SHARE * on.length ? chosen : null;
    }

    /** Bounding box {x0, y0, x1, y1} (cells, inclusive) of the largest 4-connected dark area; the whole grid if none. */
    private static int[] largestDarkBox(boolean[] on, int gw, int gh) {
        boolean[] dark = new boolean[on.length];
        for (int i = 0; i < on.length; i++) {
            dark[i] = !on[i];
        }
        int[] region = pickComponent(dark, gw, gh, new int[] {0, 0, gw - 1, gh - 1}, false);
        if (region == null) {
            return new int[] {0, 0, gw - 1, gh - 1};
        }
        int x0 = gw, y0 = gh, x1 = 0, y1 = 0;
        for (int i : region) {
            x0 = Math.min(x0, i % gw);
            y0 = Math.min(y0, i / gw);
            x1 = Math.max(x1, i % gw);
            y1 = Math.max(y1, i / gw);
        }
        return new int[] {x0, y0, x1, y1};
    }

    private static boolean[] bright(float[] cellMean, float threshold) {
        boolean[] on = new boolean[cellMean.length];
        for (int i = 0; i < on.length; i++) {
            on[i] = cellMean[i] > threshold;
        }
        return on;
    }

    private static float percentileOf(float[] values, double p) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static int visit(boolean[] on, int[] label, int[] buffer, int size, int n, int id) {
        if (on[n] && label[n] == 0) {
            label[n] = id;
            buffer[size++] = n;
        }
        return size;
    }

    /** The component plus every cell it encloses (an anechoic gallbladder is dark but inside the fan). */
    private static int[] withHoles(int[] component, int gw, int gh) {
        boolean[] in = new boolean[gw * gh];
        for (int i : component) {
            in[i] = true;
        }
        boolean[] outside = new boolean[in.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < gw; x++) {
            seed(in, outside, queue, x);
            seed(in, outside, queue, (gh - 1) * gw + x);
        }
        for (int y = 0; y < gh; y++) {
            seed(in, outside, queue, y * gw);
            seed(in, outside, queue, y * gw + gw - 1);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int x = i % gw, y = i / gw;
            if (x > 0) seed(in, outside, queue, i - 1);
            if (x < gw - 1) seed(in, outside, queue, i + 1);
            if (y > 0) seed(in, outside, queue, i - gw);
            if (y < gh - 1) seed(in, outside, queue, i + gw);
        }
        int count = 0;
        for (boolean o : outside) {
            if (!o) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i < outside.length; i++) {
            if (!outside[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static void seed(boolean[] blocked, boolean[] outside, ArrayDeque<Integer> queue, int i) {
        if (!blocked[i] && !outside[i]) {
            outside[i] = true;
            queue.add(i);
        }
    }

    /** The found region: its bounding box in frame pixels and a coarse keep-mask over the whole frame. */
    record Region(int x, int y, int width, int height, int cell, int gridWidth, boolean[] keep) {
        static Region whole(int width, int height) {
            return new Region(0, 0, width, height, 0, 0, null);
        }

        boolean isWholeFrame() {
            return keep == null;
        }

        boolean contains(int px, int py) {
            return keep == null || keep[(py / cell) * gridWidth + px / cell];
        }

        /** The keep-grid as an {@link ImageArea}, or null for the whole frame. */
        ImageArea area() {
            return keep == null ? null : new ImageArea(cell, gridWidth, keep);
        }
    }
}
