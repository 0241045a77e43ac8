package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.util.SplittableRandom;

/** The optics of one phone photo: what each photo pixel sees, then lens blur, noise and quantisation. */
final class PhotoScene {
    private final SplittableRandom rng;
    private final int w;
    private final int h;
    private final int sw;
    private final int sh;
    private final double ui;
    private final double bezel;
    private final double[] wallTop;
    private final double[] wallBottom;
    private final double bezelGrey;
    private final double uiGrey;
    private final double black;
    private final double white;
    private final double gamma;
    private final double moire;
    private final double[] moireWave;
    private final double glareX;
    private final double glareY;
    private final double glareR;
    private final double glareStrength;
    private final double veil;
    private final double[] cast;
    private final double vignette;
    private final double noise;

    PhotoScene(SplittableRandom rng, int w, int h, int sw, int sh, double ui, double bezel) {
        this.rng = rng;
        this.w = w;
        this.h = h;
        this.sw = sw;
        this.sh = sh;
        this.ui = ui;
        this.bezel = bezel;
        double base = uniform(rng, 60, 170);
        this.wallTop = new double[] {base * uniform(rng, 0.9, 1.1), base * uniform(rng, 0.9, 1.05), base * uniform(rng, 0.8, 1.0)};
        double floor = uniform(rng, 0.5, 1.0);
        this.wallBottom = new double[] {wallTop[0] * floor, wallTop[1] * floor, wallTop[2] * floor};
        this.bezelGrey = uniform(rng, 12, 40);
        this.uiGrey = uniform(rng, 10, 30);
        this.black = uniform(rng, 4, 26);
        this.white = uniform(rng, 0.85, 1.0) * 255;
        this.gamma = uniform(rng, 0.85, 1.2);
        this.moire = uniform(rng, 0.04, 0.14);
        double angle = rng.nextDouble() * Math.PI, period = uniform(rng, 6, 30);
        double angle2 = angle + uniform(rng, 0.3, 1.2), period2 = uniform(rng, 40, 120);
        this.moireWave = new double[] {Math.cos(angle) / period, Math.sin(angle) / period,
            Math.cos(angle2) / period2, Math.sin(angle2) / period2, uniform(rng, 0.3, 1.2)};
        this.glareX = uniform(rng, 0.15, 0.85) * w;
        this.glareY = uniform(rng, 0.15, 0.85) * h;
        this.glareR = uniform(rng, 0.06, 0.22) * Math.min(w, h);
        this.glareStrength = rng.nextDouble() < 0.8 ? uniform(rng, 0.15, 0.7) * 255 : 0;
        this.veil = uniform(rng, 0, 14);
        this.cast = new double[] {uniform(rng, 0.88, 1.12), uniform(rng, 0.92, 1.08), uniform(rng, 0.85, 1.15)};
        this.vignette = uniform(rng, 0.05, 0.35);
        this.noise = uniform(rng, 1, 5);
    }

    void render(byte[] src, Homography toSource, float[] r, float[] g, float[] b) {
        // The monitor's response (black level, gamma, peak white) as a table over the source's 8-bit values.
        float[] response = new float[256];
        for (int v = 0; v < 256; v++) {
            response[v] = (float) (black + Math.pow(v / 255.0, gamma) * (white - black));
        }
        float[] shown = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            shown[i] = response[src[i] & 0xff];
        }
        double uiShown = response[(int) Math.round(uiGrey)];
        double[] m = toSource.h();
        double[] fringeCos = new double[3], fringeSin = new double[3];
        for (int k = 0; k < 3; k++) {
            fringeCos[k] = Math.cos(k * moireWave[4]);
            fringeSin[k] = Math.sin(k * moireWave[4]);
        }
        double cx = w / 2.0, cy = h / 2.0, maxD2 = cx * cx + cy * cy;
        double[] c = new double[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double px = x + 0.5, py = y + 0.5;
                double z = m[6] * px + m[7] * py + m[8];
                double u = (m[0] * px + m[1] * py + m[2]) / z, v = (m[3] * px + m[4] * py + m[5]) / z;
                boolean screen = u >= -ui && v >= -ui && u < sw + ui && v < sh + ui;
                if (u >= 0 && v >= 0 && u < sw && v < sh) {
                    sample(shown, u - 0.5, v - 0.5, c);
                } else if (screen) {
                    c[0] = c[1] = c[2] = uiShown;
                } else if (u >= -bezel && v >= -bezel && u < sw + bezel && v < sh + bezel) {
                    double shade = bezelGrey * (0.8 + 0.4 * (v + bezel) / (sh + 2 * bezel));
                    c[0] = c[1] = shade;
                    c[2] = shade * 1.05;
                } else {
                    double t = (double) y / h;
                    for (int k = 0; k < 3; k++) {
                        c[k] = wallTop[k] * (1 - t) + wallBottom[k] * t;
                    }
                }
                if (screen) {
                    // Moire: the beat of the screen's pixel grid with the camera's, wavy bands whose colour
                    // fringes come from the sub-pixels.
                    double phase = 2 * Math.PI * (moireWave[0] * x + moireWave[1] * y);
                    double envelope = moire * (0.55 + 0.45 * Math.cos(2 * Math.PI * (moireWave[2] * x + moireWave[3] * y)));
                    double cp = Math.cos(phase), sp = Math.sin(phase);
                    for (int k = 0; k < 3; k++) {
                        c[k] *= 1 + envelope * (cp * fringeCos[k] - sp * fringeSin[k]);
                    }
                }
                double gx = x - glareX, gy = y - glareY;
                double glare = glareStrength * Math.exp(-(gx * gx + gy * gy * 1.6) / (2 * glareR * glareR)) + veil;
                double dx = x - cx, dy = y - cy;
                double light = 1 - vignette * (dx * dx + dy * dy) / maxD2;
                int i = y * w + x;
                r[i] = (float) ((c[0] + glare) * cast[0] * light);
                g[i] = (float) ((c[1] + glare * 0.97) * cast[1] * light);
                b[i] = (float) ((c[2] + glare * 0.92) * cast[2] * light);
            }
        }
    }

    private void sample(float[] src, double u, double v, double[] out) {
        int x0 = Math.max(0, Math.min(sw - 1, (int) Math.floor(u))), y0 = Math.max(0, Math.min(sh - 1, (int) Math.floor(v)));
        int x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
        double fx = Math.max(0, Math.min(1, u - x0)), fy = Math.max(0, Math.min(1, v - y0));
        for (int k = 0; k < 3; k++) {
            double a = src[3 * (y0 * sw + x0) + k], bb = src[3 * (y0 * sw + x1) + k];
            double cc = src[3 * (y1 * sw + x0) + k], d = src[3 * (y1 * sw + x1) + k];
            out[k] = (a * (1 - fx) + bb * fx) * (1 - fy) + (cc * (1 - fx) + d * fx) * fy;
        }
    }

    /** Separable Gaussian blur (out of focus, hand shake). */
    void blur(float[] r, float[] g, float[] b, double sigma) {
        int radius = (int) Math.ceil(2.5 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        for (float[] ch : new float[][] {r, g, b}) {
            float[] tmp = new float[ch.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += kernel[k + radius] * ch[y * w + Math.max(0, Math.min(w - 1, x + k))];
                    }
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += kernel[k + radius] * tmp[Math.max(0, Math.min(h - 1, y + k)) * w + x];
                    }
                    ch[y * w + x] = s;
                }
            }
        }
    }

    /** Sensor noise and 8-bit quantisation into interleaved RGB. */
    byte[] finish(float[] r, float[] g, float[] b) {
        byte[] out = new byte[w * h * 3];
        double chroma = noise / 255.0;
        for (int i = 0; i < w * h; i++) {
            // Luminance noise is Gaussian; the weaker per-channel noise uses three bytes of one random long.
            double n = rng.nextGaussian() * noise;
            long bits = rng.nextLong();
            out[3 * i] = clamp(r[i] + n + ((bits & 0xff) - 127.5) * chroma);
            out[3 * i + 1] = clamp(g[i] + n + (((bits >>> 8) & 0xff) - 127.5) * chroma);
            out[3 * i + 2] = clamp(b[i] + n + (((bits >>> 16) & 0xff) - 127.5) * chroma);
        }
        return out;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }
}
