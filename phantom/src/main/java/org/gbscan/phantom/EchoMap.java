package org.gbscan.phantom;

import java.util.SplittableRandom;

/**
 * The tissue as the beam meets it, in image pixel coordinates: echogenicity in dB relative to liver
 * parenchyma and attenuation in dB per mm. Structures paint into it with plain array loops inside their
 * bounding boxes; the {@link BModeRenderer} turns it into a scan.
 */
final class EchoMap {
    final int width;
    final int height;
    final float[] echoDb;
    final float[] attenuation;

    EchoMap(int width, int height, float tissueAttenuation) {
        this.width = width;
        this.height = height;
        this.echoDb = new float[width * height];
        this.attenuation = new float[width * height];
        java.util.Arrays.fill(attenuation, tissueAttenuation);
    }

    /** Adds smooth value noise (+-amplitudeDb) with the given cell size: liver texture. */
    void addTexture(SplittableRandom rng, double cellPx, double amplitudeDb) {
        int gw = (int) Math.ceil(width / cellPx) + 2, gh = (int) Math.ceil(height / cellPx) + 2;
        float[] grid = new float[gw * gh];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) ((rng.nextDouble() * 2 - 1) * amplitudeDb);
        }
        for (int y = 0; y < height; y++) {
            double gy = y / cellPx;
            int iy = (int) gy;
            double fy = smooth(gy - iy);
            for (int x = 0; x < width; x++) {
                double gx = x / cellPx;
                int ix = (int) gx;
                double fx = smooth(gx - ix);
                int k = iy * gw + ix;
                double top = grid[k] + (grid[k + 1] - grid[k]) * fx;
                double bottom = grid[k + gw] + (grid[k + gw + 1] - grid[k + gw]) * fx;
                echoDb[y * width + x] += (float) (top + (bottom - top) * fy);
            }
        }
    }

    /** Small bright foci (portal tracts) of the given radius. */
    void addDot(double cx, double cy, double radiusPx, double db) {
        int x0 = Math.max(0, (int) (cx - 3 * radiusPx)), x1 = Math.min(width - 1, (int) (cx + 3 * radiusPx) + 1);
        int y0 = Math.max(0, (int) (cy - 3 * radiusPx)), y1 = Math.min(height - 1, (int) (cy + 3 * radiusPx) + 1);
        double inv = 1.0 / (2 * radiusPx * radiusPx);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                echoDb[y * width + x] += (float) (db * Math.exp(-d2 * inv));
            }
        }
    }

    /**
     * A fluid-filled tube made of capsules (segments with a radius): anechoic lumen, optional bright wall.
     * Overlapping capsules form one lumen (the minimum distance wins), as at a vessel bifurcation.
     */
    void addTubes(double[][] segments, double wallPx, double wallDb, double lumenDb) {
        double margin = wallPx + 2;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] s : segments) {
            minX = Math.min(minX, Math.min(s[0], s[2]) - s[4] - margin);
            maxX = Math.max(maxX, Math.max(s[0], s[2]) + s[4] + margin);
            minY = Math.min(minY, Math.min(s[1], s[3]) - s[4] - margin);
            maxY = Math.max(maxY, Math.max(s[1], s[3]) + s[4] + margin);
        }
        int x0 = Math.max(0, (int) minX), x1 = Math.min(width - 1, (int) maxX + 1);
        int y0 = Math.max(0, (int) minY), y1 = Math.min(height - 1, (int) maxY + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d = Double.MAX_VALUE;
                for (double[] s : segments) {
                    d = Math.min(d, Geometry2d.segmentDistance(x, y, s[0], s[1], s[2], s[3]) - s[4]);
                }
                if (d > margin) {
                    continue;
                }
                int i = y * width + x;
                double inside = 1 - Geometry2d.smoothStep(-0.7, 0.7, d);
                echoDb[i] = (float) (echoDb[i] * (1 - inside) + lumenDb * inside);
                attenuation[i] *= (float) (1 - 0.6 * inside); // blood attenuates less than liver, more than bile
                if (wallPx > 0) {
                    double t = (d - wallPx / 2) / (wallPx / 2 + 0.5);
                    echoDb[i] += (float) (wallDb * Math.exp(-t * t));
                }
            }
        }
    }

    /** A bright triangle with soft edges (the triangular cord, or a thin periportal cuff). */
    void addTriangle(double[] xs, double[] ys, double db, double softPx, SplittableRandom rng) {
        int x0 = Math.max(0, (int) (min(xs) - softPx)), x1 = Math.min(width - 1, (int) (max(xs) + softPx) + 1);
        int y0 = Math.max(0, (int) (min(ys) - softPx)), y1 = Math.min(height - 1, (int) (max(ys) + softPx) + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double inside = Geometry2d.triangleInsideDistance(x, y, xs, ys);
                if (inside < -softPx) {
                    continue;
                }
                double w = Geometry2d.smoothStep(-softPx, softPx, inside);
                int i = y * width + x;
                echoDb[i] += (float) (db * w * (0.85 + 0.3 * rng.nextDouble()));
                attenuation[i] *= (float) (1 + 0.5 * w);
            }
        }
    }

    /**
     * A gas bubble: its upper surface reflects brightly, the gas below it absorbs {@code lossDb} in
     * total, so a shadow (dense but not empty: reverberation leaks through) falls behind it.
     */
    void addGas(double cx, double cy, double rx, double ry, double db, double lossDb, double mmPerPx) {
        int x0 = Math.max(0, (int) (cx - rx - 2)), x1 = Math.min(width - 1, (int) (cx + rx + 2));
        int y0 = Math.max(0, (int) (cy - ry - 2)), y1 = Math.min(height - 1, (int) (cy + ry + 2));
        float absorb = (float) (lossDb / (1.6 * ry * mmPerPx));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double u = (x - cx) / rx, v = (y - cy) / ry;
                double q = u * u + v * v;
                if (q <= 1) {
                    int i = y * width + x;
                    if (v < -0.6) {
                        echoDb[i] = (float) Math.max(echoDb[i], db * (1 - 0.3 * q));
                    }
                    attenuation[i] = v < -0.6 ? 0 : absorb;
                }
            }
        }
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double min(double[] a) {
        return Math.min(a[0], Math.min(a[1], a[2]));
    }

    private static double max(double[] a) {
        return Math.max(a[0], Math.max(a[1], a[2]));
    }
}
