package org.gbscan.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forms a B-mode image the way a scanner does, on a beam grid (depth x beam angle): echo amplitude from
 * the {@link EchoMap}, attenuation accumulated along each beam (so fluid leaves posterior enhancement and
 * gas a shadow), fully developed speckle (a smoothed complex Gaussian field, Rayleigh in amplitude),
 * time-gain compensation, electronic noise and log compression; then scan conversion onto the screen.
 */
final class BModeRenderer {
    private static final double LN10 = Math.log(10);

    private final ScanGeometry g;
    private final int nr;
    private final int nt;
    private final double dTheta;
    private final float[] sampleX;
    private final float[] sampleY;
    /** Scan conversion: for each screen pixel the beam-grid cell (-1 outside the fan) and its fractions. */
    private final int[] cell;
    private final float[] fracDepth;
    private final float[] fracAngle;

    BModeRenderer(ScanGeometry geometry) {
        this.g = geometry;
        this.nr = (int) Math.ceil(g.r1() - g.r0()) + 1;
        int lines = (int) Math.ceil(2 * g.halfAngle() * (g.r0() + g.r1()) / 2 / 1.25) + 1;
        this.nt = lines;
        this.dTheta = 2 * g.halfAngle() / (lines - 1);
        this.sampleX = new float[nr * nt];
        this.sampleY = new float[nr * nt];
        for (int j = 0; j < nt; j++) {
            double theta = -g.halfAngle() + j * dTheta;
            double s = Math.sin(theta), c = Math.cos(theta);
            for (int i = 0; i < nr; i++) {
                double r = g.r0() + i;
                sampleX[j * nr + i] = (float) (g.apexX() + r * s);
                sampleY[j * nr + i] = (float) (g.apexY() + r * c);
            }
        }
        int w = g.width(), h = g.height();
        cell = new int[w * h];
        fracDepth = new float[w * h];
        fracAngle = new float[w * h];
        double tanHalf = Math.tan(g.halfAngle()), r0sq = g.r0() * g.r0(), r1sq = g.r1() * g.r1();
        for (int y = 0; y < h; y++) {
            double vy = y - g.apexY();
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                double vx = x - g.apexX(), rsq = vx * vx + vy * vy;
                if (vy <= 0 || rsq < r0sq || rsq > r1sq || Math.abs(vx) > tanHalf * vy) {
                    cell[p] = -1;
                    continue;
                }
                double fi = Math.min(nr - 1.001, Math.sqrt(rsq) - g.r0());
                double fj = Math.min(nt - 1.001, Math.max(0, (Math.atan2(vx, vy) + g.halfAngle()) / dTheta));
                int i = (int) fi, j = (int) fj;
                cell[p] = j * nr + i;
                fracDepth[p] = (float) (fi - i);
                fracAngle[p] = (float) (fj - j);
            }
        }
    }

    /** The fan as a 0/255 mask, the same pixels the scan conversion fills. */
    Mask fanMask() {
        byte[] m = new byte[cell.length];
        for (int p = 0; p < m.length; p++) {
            if (cell[p] >= 0) {
                m[p] = (byte) 255;
            }
        }
        return new Mask(g.width(), g.height(), m);
    }

    /**
     * Renders a cine loop: frame k sees the tissue moved by (dx[k], dy[k]) pixels and speckle that
     * decorrelates a little from frame to frame.
     */
    List<byte[]> render(EchoMap map, Acquisition acq, SplittableRandom rng, double[] dx, double[] dy) {
        int n = nr * nt;
        float[] re = new float[n], im = new float[n];
        gaussian(rng, re, im, 0);
        List<byte[]> frames = new ArrayList<>(dx.length);
        for (int f = 0; f < dx.length; f++) {
            if (f > 0) {
                gaussian(rng, re, im, 0.88);
            }
            float[] power = speckle(re, im, acq.lateralBlur());
            float[] beams = beamImage(map, acq, power, dx[f], dy[f]);
            frames.add(scanConvert(beams));
        }
        return frames;
    }

    /** Fresh complex Gaussian values, or an update that keeps correlation {@code rho} with the old ones. */
    private static void gaussian(SplittableRandom rng, float[] re, float[] im, double rho) {
        double keep = rho, fresh = Math.sqrt(1 - rho * rho);
        for (int k = 0; k < re.length; k++) {
            re[k] = (float) (keep * re[k] + fresh * rng.nextGaussian());
            im[k] = (float) (keep * im[k] + fresh * rng.nextGaussian());
        }
    }

    /** |z|^2 of the field smoothed by the point-spread function: short axially, wider laterally. */
    private float[] speckle(float[] re, float[] im, int lateral) {
        float[] br = blur(re, lateral), bi = blur(im, lateral);
        float norm = 1f / (12f * lateral); // kernel energy 6 per line, two components
        float[] p = new float[br.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (br[k] * br[k] + bi[k] * bi[k]) * norm;
        }
        return p;
    }

    private float[] blur(float[] in, int lateral) {
        float[] tmp = new float[in.length];
        int half = lateral / 2;
        for (int j = 0; j < nt; j++) {
            for (int i = 0; i < nr; i++) {
                float s = 0;
                for (int d = -half; d < lateral - half; d++) {
                    int jj = Math.min(nt - 1, Math.max(0, j + d));
                    s += in[jj * nr + i];
                }
                tmp[j * nr + i] = s;
            }
        }
        float[] out = new float[in.length];
        for (int j = 0; j < nt; j++) {
            int base = j * nr;
            for (int i = 0; i < nr; i++) {
                float a = tmp[base + Math.max(0, i - 1)], b = tmp[base + i], c = tmp[base + Math.min(nr - 1, i + 1)];
                out[base + i] = a + 2 * b + c;
            }
        }
        return out;
    }

    private float[] beamImage(EchoMap map, Acquisition acq, float[] speckle, double dx, double dy) {
        float[] out = new float[nr * nt];
        double mm = g.mmPerPx(), maxDepth = g.depthMm();
        double[] tgc = new double[nr];
        for (int i = 0; i < nr; i++) {
            tgc[i] = acq.tgcDb(i * mm, maxDepth) + acq.gainDb();
        }
        double noisePower = Math.exp(acq.noiseDb() * LN10 / 10);
        double range = acq.dynamicRangeDb(), floor = -0.45 * range;
        int n = out.length, shift = n / 3 + 7;
        for (int j = 0; j < nt; j++) {
            double lost = 0;
            for (int i = 0; i < nr; i++) {
                int k = j * nr + i;
                double x = sampleX[k] - dx, y = sampleY[k] - dy;
                double echo = bilinear(map.echoDb, map.width, map.height, x, y, -40);
                double level = echo + tgc[i] - lost;
                lost += bilinear(map.attenuation, map.width, map.height, x, y, 0) * mm;
                double p = Math.exp(level * LN10 / 10) * speckle[k] + noisePower * speckle[(k + shift) % n];
                double db = 10 * Math.log10(p + 1e-12);
                out[k] = (float) Math.max(0, Math.min(255, 255 * (db - floor) / range));
            }
        }
        return out;
    }

    private static double bilinear(float[] a, int w, int h, double x, double y, double outside) {
        if (x < 0 || y < 0 || x > w - 1.001 || y > h - 1.001) {
            return outside;
        }
        int ix = (int) x, iy = (int) y;
        double fx = x - ix, fy = y - iy;
        int k = iy * w + ix;
        double top = a[k] + (a[k + 1] - a[k]) * fx;
        double bottom = a[k + w] + (a[k + w + 1] - a[k + w]) * fx;
        return top + (bottom - top) * fy;
    }

    private byte[] scanConvert(float[] beams) {
        byte[] out = new byte[cell.length];
        for (int p = 0; p < out.length; p++) {
            int k = cell[p];
            if (k < 0) {
                continue;
            }
            float a = fracDepth[p], b = fracAngle[p];
            float v = (beams[k] * (1 - a) + beams[k + 1] * a) * (1 - b) + (beams[k + nr] * (1 - a) + beams[k + nr + 1] * a) * b;
            out[p] = (byte) (int) (v + 0.5f);
        }
        return out;
    }
}
