package org.gbscan.trainer.train;

import org.gbscan.inference.preprocess.CropGeometry;
import org.gbscan.inference.preprocess.CroppedImage;

/**
 * A preprocessed crop kept for the whole run as bytes: the crop's values are luminance/255, so one
 * byte per pixel holds them exactly, at a quarter of the float size. Very large crops (photos) are
 * box-shrunk to at most {@code maxSide} so the cache stays small; training resizes them anyway.
 */
record CachedCrop(byte[] luminance, int width, int height, CropGeometry geometry) {

    static CachedCrop of(CroppedImage image, int maxSide) {
        int factor = Math.max(1, (int) Math.ceil(Math.max(image.width(), image.height()) / (double) maxSide));
        int w = image.width() / factor;
        int h = image.height() / factor;
        float[] p = image.pixels();
        byte[] out = new byte[w * h];
        float norm = 255f / (factor * factor);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int row = (y * factor + dy) * image.width() + x * factor;
                    for (int dx = 0; dx < factor; dx++) {
                        sum += p[row + dx];
                    }
                }
                out[y * w + x] = (byte) Math.round(sum * norm);
            }
        }
        return new CachedCrop(out, w, h, image.geometry());
    }

    CroppedImage toCroppedImage() {
        float[] p = new float[luminance.length];
        final float scale = 1f / 255f;
        for (int i = 0; i < p.length; i++) {
            p[i] = (luminance[i] & 0xff) * scale;
        }
        return new CroppedImage(p, width, height, geometry);
    }
}
