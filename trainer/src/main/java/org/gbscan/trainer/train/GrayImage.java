package org.gbscan.trainer.train;

/** An 8-bit grey image, row-major: the preprocessed (cropped) picture a training sample starts from. */
public record GrayImage(int width, int height, byte[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("grey image " + width + "x" + height + " needs " + ((long) width * height) + " bytes");
        }
    }

    public int at(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }

    /** Bilinear sample at a continuous position (pixel centres at integer + 0.5), edges clamped; 0..255. */
    public float sample(float x, float y) {
        float fx = Math.max(0, Math.min(width - 1, x - 0.5f));
        float fy = Math.max(0, Math.min(height - 1, y - 0.5f));
        int x0 = (int) fx;
        int y0 = (int) fy;
        int x1 = Math.min(width - 1, x0 + 1);
        int y1 = Math.min(height - 1, y0 + 1);
        float ax = fx - x0;
        float ay = fy - y0;
        float top = at(x0, y0) * (1 - ax) + at(x1, y0) * ax;
        float bottom = at(x0, y1) * (1 - ax) + at(x1, y1) * ax;
        return top * (1 - ay) + bottom * ay;
    }

    /** Plain (area-ignoring bilinear) resize, e.g. to shrink the training cache. */
    public GrayImage resized(int w, int h) {
        byte[] out = new byte[w * h];
        float sx = (float) width / w;
        float sy = (float) height / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) Math.round(sample((x + 0.5f) * sx, (y + 0.5f) * sy));
            }
        }
        return new GrayImage(w, h, out);
    }
}
