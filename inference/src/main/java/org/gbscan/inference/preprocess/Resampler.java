package org.gbscan.inference.preprocess;

/**
 * Separable resize of a float plane with a triangle (bilinear) filter whose support widens when
 * shrinking, as PIL's antialiased bilinear: a 600-pixel fan shrunk to 224 averages its speckle
 * instead of aliasing it.
 */
final class Resampler {
    private Resampler() {
    }

    static float[] resize(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        Kernel kx = Kernel.of(srcWidth, dstWidth);
        Kernel ky = Kernel.of(srcHeight, dstHeight);
        float[] horizontal = new float[srcHeight * dstWidth];
        for (int y = 0; y < srcHeight; y++) {
            int srcRow = y * srcWidth;
            int dstRow = y * dstWidth;
            for (int x = 0; x < dstWidth; x++) {
                int start = kx.start[x];
                int base = x * kx.stride;
                float sum = 0;
                for (int k = 0; k < kx.count[x]; k++) {
                    sum += src[srcRow + start + k] * kx.weights[base + k];
                }
                horizontal[dstRow + x] = sum;
            }
        }
        float[] out = new float[dstHeight * dstWidth];
        for (int y = 0; y < dstHeight; y++) {
            int start = ky.start[y];
            int base = y * ky.stride;
            int dstRow = y * dstWidth;
            for (int k = 0; k < ky.count[y]; k++) {
                float w = ky.weights[base + k];
                int srcRow = (start + k) * dstWidth;
                for (int x = 0; x < dstWidth; x++) {
                    out[dstRow + x] += horizontal[srcRow + x] * w;
                }
            }
        }
        return out;
    }

    /** For each output index: first input index, tap count, normalised weights (row of length stride). */
    private record Kernel(int[] start, int[] count, float[] weights, int stride) {
        static Kernel of(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // triangle radius 1, widened when shrinking
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in, (int) Math.ceil(center + support));
                double total = 0;
                int n = 0;
                for (int j = lo; j < hi && n < stride; j++, n++) {
                    double w = Math.max(0.0, 1.0 - Math.abs((j + 0.5 - center) / filterScale));
                    weights[i * stride + n] = (float) w;
                    total += w;
                }
                if (total <= 0) { // cannot happen for in >= 1, kept so a bug shows as nearest, not NaN
                    weights[i * stride] = 1f;
                    total = 1;
                    n = Math.max(n, 1);
                }
                for (int k = 0; k < n; k++) {
                    weights[i * stride + k] /= (float) total;
                }
                start[i] = lo;
                count[i] = n;
            }
            return new Kernel(start, count, weights, stride);
        }
    }
}
