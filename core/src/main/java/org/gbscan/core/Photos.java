package org.gbscan.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gbscan.core.dicom.Images;

/**
 * Phone photos of the ultrasound screen (JPEG/PNG), read into the same {@link ImageInstance} shape as a
 * DICOM image so every later step treats them alike. A photo has no DICOM identity: its UIDs are
 * derived from its content, so the same photo always gets the same identity.
 */
public final class Photos {
    private Photos() {
    }

    /**
     * Largest image decoded by default: 50 megapixels, above the 48 MP of the largest phone cameras. Decoding
     * costs about 7 bytes a pixel (the decoded image plus our RGB copy), so ~350 MB at the cap; a 390 KB PNG
     * declaring 20000x20000 would have needed 2.8 GB.
     */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** Thrown when the bytes are not a decodable JPEG or PNG. */
    public static class NotAnImageException extends Exception {
        public NotAnImageException(String message) {
            super(message);
        }
    }

    /** Thrown, before any pixel is decoded, for an image whose header declares more pixels than allowed. */
    public static final class TooManyPixelsException extends NotAnImageException {
        private final int width;
        private final int height;
        private final long maxPixels;

        TooManyPixelsException(String name, int width, int height, long maxPixels) {
            super(name + " declares " + width + "x" + height + " pixels (" + ((long) width * height / 1_000_000)
                    + " megapixels), more than the " + maxPixels / 1_000_000 + " megapixels gbscan decodes");
            this.width = width;
            this.height = height;
            this.maxPixels = maxPixels;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        public long maxPixels() {
            return maxPixels;
        }
    }

    public static ImageInstance read(Path file) throws IOException, NotAnImageException {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    public static ImageInstance read(Path file, long maxPixels) throws IOException, NotAnImageException {
        return read(Files.readAllBytes(file), file.getFileName().toString(), maxPixels);
    }

    public static ImageInstance read(byte[] bytes, String name) throws NotAnImageException {
        return read(bytes, name, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes the photo after checking the width and height its header declares against {@code maxPixels}:
     * a small file can declare a huge image (a decompression bomb), and decoding it first would exhaust the
     * heap or take seconds before it could be refused.
     */
    public static ImageInstance read(byte[] bytes, String name, long maxPixels) throws NotAnImageException {
        BufferedImage image = decode(bytes, name, maxPixels);
        String digest = sha256(bytes);
        StudyRef study = new StudyRef(Uids.derive("photo-study", digest), Patient.UNKNOWN, "", "", "", "", "phone photo");
        InstanceRef ref = new InstanceRef(study, Uids.derive("photo-series", digest), Uids.derive("photo", digest),
                SopClass.VL_PHOTOGRAPHIC.uid(), "XC", 1, 1);
        Frame frame = new Frame(ref, 0, image.getWidth(), image.getHeight(), PixelFormat.RGB8,
                Images.toBytes(image, PixelFormat.RGB8));
        return new ImageInstance(ref, List.of(frame), 1, null);
    }

    /** The reader ImageIO would pick, asked for the header's size first, then for the pixels. */
    private static BufferedImage decode(byte[] bytes, String name, long maxPixels) throws NotAnImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new NotAnImageException(name + " is not a JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new NotAnImageException(name + " declares an empty image (" + width + "x" + height + ")");
                }
                if ((long) width * height > maxPixels) {
                    throw new TooManyPixelsException(name, width, height, maxPixels);
                }
                return reader.read(0, reader.getDefaultReadParam());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new NotAnImageException(name + " is not a readable JPEG or PNG image: " + e.getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
