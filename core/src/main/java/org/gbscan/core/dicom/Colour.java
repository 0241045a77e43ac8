package org.gbscan.core.dicom;

/** YCbCr (full range, PS3.3 C.7.6.3.1.2) to and from RGB. */
final class Colour {
    private Colour() {
    }

    static void ybrToRgb(int y, int cb, int cr, byte[] out, int at) {
        double b = cb - 128.0, r = cr - 128.0;
        out[at] = clamp(y + 1.402 * r);
        out[at + 1] = clamp(y - 0.344136 * b - 0.714136 * r);
        out[at + 2] = clamp(y + 1.772 * b);
    }

    static int[] rgbToYbr(int r, int g, int b) {
        int y = clampInt(0.299 * r + 0.587 * g + 0.114 * b);
        int cb = clampInt(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
        int cr = clampInt(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
        return new int[] {y, cb, cr};
    }

    private static byte clamp(double v) {
        return (byte) clampInt(v);
    }

    private static int clampInt(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
