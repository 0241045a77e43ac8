package org.gbscan.trainer.eval;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where a finding is in an image (gallbladder, triangular cord): row-major, true = inside.
 * Read from a PNG in which any non-black pixel is inside.
 */
public record FindingMask(int width, int height, boolean[] inside) {
    public FindingMask {
        if (width <= 0 || height <= 0 || inside == null || inside.length != width * height) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + ((long) width * height) + " cells");
        }
    }

    public static FindingMask read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IOException("not a readable image mask: " + png);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                inside[y * w + x] = (image.getRGB(x, y) & 0xffffff) != 0;
            }
        }
        return new FindingMask(w, h, inside);
    }

    /** The union of same-sized masks. */
    public static FindingMask union(List<FindingMask> masks) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("union of no masks");
        }
        FindingMask first = masks.get(0);
        boolean[] inside = new boolean[first.inside.length];
        for (FindingMask mask : masks) {
            if (mask.width != first.width || mask.height != first.height) {
                throw new IllegalArgumentException("masks of one image differ in size: " + first.width + "x" + first.height
                        + " and " + mask.width + "x" + mask.height);
            }
            for (int i = 0; i < inside.length; i++) {
                inside[i] |= mask.inside[i];
            }
        }
        return new FindingMask(first.width, first.height, inside);
    }

    public boolean contains(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && inside[y * width + x];
    }

    /**
     * Euclidean distance in pixels from pixel (x, y) to the nearest pixel inside (0 inside, infinite for an
     * empty mask): the pointing game's tolerance is measured with it. Brute force over the inside pixels,
     * which is fast enough for a few hundred findings of a few thousand pixels each.
     */
    public double distanceTo(int x, int y) {
        if (contains(x, y)) {
            return 0;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < inside.length; i++) {
            if (inside[i]) {
                long dx = i % width - (long) x;
                long dy = i / width - (long) y;
                best = Math.min(best, dx * dx + dy * dy);
            }
        }
        return best == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.sqrt(best);
    }

    /** The mean of the inside pixels' centres as fractions of width and height ({x, y}); empty for an empty mask. */
    public java.util.Optional<double[]> centroidFraction() {
        double sx = 0;
        double sy = 0;
        long n = 0;
        for (int i = 0; i < inside.length; i++) {
            if (inside[i]) {
                sx += i % width + 0.5;
                sy += i / width + 0.5;
                n++;
            }
        }
        return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(new double[] {sx / n / width, sy / n / height});
    }

    public int area() {
        int n = 0;
        for (boolean b : inside) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindingMask m && m.width == width && m.height == height && Arrays.equals(m.inside, inside);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(inside);
    }

    @Override
    public String toString() {
        return "FindingMask[" + width + "x" + height + ", area " + area() + "]";
    }
}
