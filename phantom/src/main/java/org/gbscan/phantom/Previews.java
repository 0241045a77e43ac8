package org.gbscan.phantom;

import java.awt.image.BufferedImage;
import org.gbscan.core.PixelFormat;

/** Pictures for people: an image with its gallbladder (green) and cord (red) masks outlined. */
public final class Previews {
    private Previews() {
    }

    public static BufferedImage outlined(int width, int height, PixelFormat format, byte[] pixels, Mask gallbladder, Mask cord) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int r, g, b;
                if (format == PixelFormat.GRAY8) {
                    r = g = b = pixels[i] & 0xff;
                } else {
                    r = pixels[3 * i] & 0xff;
                    g = pixels[3 * i + 1] & 0xff;
                    b = pixels[3 * i + 2] & 0xff;
                }
                if (gallbladder != null && edge(gallbladder, x, y)) {
                    r = 40;
                    g = 255;
                    b = 40;
                } else if (cord != null && edge(cord, x, y)) {
                    r = 255;
                    g = 50;
                    b = 50;
                }
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static boolean edge(Mask m, int x, int y) {
        return m.contains(x, y) && (!m.contains(x - 1, y) || !m.contains(x + 1, y) || !m.contains(x, y - 1) || !m.contains(x, y + 1));
    }
}
