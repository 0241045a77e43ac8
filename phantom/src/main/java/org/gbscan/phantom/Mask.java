package org.gbscan.phantom;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A binary region in an image's pixel coordinates (row-major, 0 = outside, 255 = inside), such as the
 * gallbladder or the triangular cord. Stored as an 8-bit grey PNG with the same values.
 * The array is shared, not copied: treat it as read-only.
 */
public record Mask(int width, int height, byte[] values) {
    public Mask {
        Objects.requireNonNull(values, "values");
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + ((long) width * height) + " values");
        }
    }

    public static Mask empty(int width, int height) {
        return new Mask(width, height, new byte[width * height]);
    }

    public boolean contains(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && values[y * width + x] != 0;
    }

    /** Number of pixels inside. */
    public int area() {
        int n = 0;
        for (byte v : values) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }

    /** True when every pixel of this mask is also inside {@code other}. */
    public boolean within(Mask other) {
        requireSameSize(other);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && other.values[i] == 0) {
                return false;
            }
        }
        return true;
    }

    public Mask union(Mask other) {
        requireSameSize(other);
        byte[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((out[i] | other.values[i]) != 0 ? 255 : 0);
        }
        return new Mask(width, height, out);
    }

    /** The mask moved by whole pixels (a cine frame's motion); what leaves the image is dropped. */
    public Mask shifted(int dx, int dy) {
        byte[] out = new byte[values.length];
        for (int y = 0; y < height; y++) {
            int sy = y - dy;
            if (sy < 0 || sy >= height) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                int sx = x - dx;
                if (sx >= 0 && sx < width) {
                    out[y * width + x] = values[sy * width + sx];
                }
            }
        }
        return new Mask(width, height, out);
    }

    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(values, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, values.length);
        return image;
    }

    public void writePng(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(toImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** Reads a mask PNG; any non-zero grey level counts as inside. */
    public static Mask readPng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a PNG image");
        }
        int w = image.getWidth(), h = image.getHeight();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) ((image.getRGB(x, y) & 0xffffff) != 0 ? 255 : 0);
            }
        }
        return new Mask(w, h, out);
    }

    private void requireSameSize(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("masks differ in size: " + width + "x" + height + " vs " + other.width + "x" + other.height);
        }
    }
}
