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
}
