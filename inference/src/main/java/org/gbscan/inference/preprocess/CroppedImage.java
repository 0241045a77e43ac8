package org.gbscan.inference.preprocess;

/**
 * The image region cut out of a frame, as luminance 0..1 (masked pixels are 0), before resizing and
 * normalisation: the stage where training augmentation (random resized crop, flip, contrast) happens.
 * Every operation returns a new image and keeps {@link #geometry()} true to the original frame.
 *
 * @param area the image area in frame coordinates, or null when the whole crop counts
 */
public record CroppedImage(float[] pixels, int width, int height, CropGeometry geometry, ImageArea area) {
    public CroppedImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("cropped image " + width + "x" + height + " needs " + width * height + " pixels");
        }
    }

    public CroppedImage(float[] pixels, int width, int height, CropGeometry geometry) {
        this(pixels, width, height, geometry, null);
    }

    /** The sub-rectangle [x, x+w) x [y, y+h), e.g. a random resized crop. */
    public CroppedImage subRegion(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + w + "x" + h + " outside " + width + "x" + height);
        }
        float[] out = new float[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(pixels, (y + row) * width + x, out, row * w, w);
        }
        return new CroppedImage(out, w, h, geometry.subRegion(width, height, x, y, w, h), area);
    }

    /** Mirrored left-right; the geometry remembers it so heat maps still land on the right side. */
    public CroppedImage flippedHorizontally() {
        float[] out = new float[pixels.length];
        for (int row = 0; row < height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = pixels[base + width - 1 - x];
            }
        }
        return new CroppedImage(out, width, height, geometry.mirrored(), area);
    }

    /**
     * Contrast scaled by {@code factor} around the image mean, clamped to 0..1, as torchvision's
     * {@code adjust_contrast} (factor 1 = unchanged, 0 = flat grey).
     */
    public CroppedImage withContrast(float factor) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        float mean = (float) (sum / pixels.length);
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            float v = mean + factor * (pixels[i] - mean);
            out[i] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
        return new CroppedImage(out, width, height, geometry, area);
    }

    /** Brightness scaled by {@code gain} after a gamma curve, clamped to 0..1 (a scanner's gain and dynamic range). */
    public CroppedImage withGainGamma(float gain, float gamma) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            float v = gain * (float) Math.pow(pixels[i], gamma);
            out[i] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
        return new CroppedImage(out, width, height, geometry, area);
    }

    /** A separable Gaussian blur (edges clamped). */
    public CroppedImage blurred(float sigma) {
        int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
        float[] kernel = new float[2 * radius + 1];
        float total = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-(k * k) / (2.0 * sigma * sigma));
            total += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= total;
        }
        float[] tmp = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * pixels[y * width + Math.min(width - 1, Math.max(0, x + k))];
                }
                tmp[y * width + x] = sum;
            }
        }
        float[] out = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                out[y * width + x] = sum;
            }
        }
        return new CroppedImage(out, width, height, geometry, area);
    }

    /** Each pixel times (1 + level * N(0,1)), clamped: speckle-like noise that grows with the echo. */
    public CroppedImage withMultiplicativeNoise(float level, java.util.random.RandomGenerator random) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i] * (1f + level * (float) random.nextGaussian());
            out[i] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
        return new CroppedImage(out, width, height, geometry, area);
    }

    /**
     * Rotated about the centre by {@code radians}, bilinear, edges clamped (so no black wedges appear that
     * the model could learn). The geometry stays unrotated: use for training inputs only.
     */
    public CroppedImage rotated(double radians) {
        double cos = Math.cos(radians), sin = Math.sin(radians);
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        float[] out = new float[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - cx, dy = y - cy;
                double sx = Math.min(width - 1, Math.max(0, cx + cos * dx + sin * dy));
                double sy = Math.min(height - 1, Math.max(0, cy - sin * dx + cos * dy));
                int x0 = (int) sx, y0 = (int) sy;
                int x1 = Math.min(width - 1, x0 + 1), y1 = Math.min(height - 1, y0 + 1);
                float fx = (float) (sx - x0), fy = (float) (sy - y0);
                float top = pixels[y0 * width + x0] + fx * (pixels[y0 * width + x1] - pixels[y0 * width + x0]);
                float bottom = pixels[y1 * width + x0] + fx * (pixels[y1 * width + x1] - pixels[y1 * width + x0]);
                out[y * width + x] = top + fy * (bottom - top);
            }
        }
        return new CroppedImage(out, width, height, geometry, area);
    }
}
