package org.gbscan.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.gbscan.core.dicom.Images;

/**
 * Phone photos of the ultrasound screen (JPEG/PNG), read into the same {@link ImageInstance} shape as a
 * DICOM image so every later step treats them alike. A photo has no DICOM identity: its UIDs are
 * derived from its content, so the same photo always gets the same identity.
 */
public final class Photos {
    private Photos() {
    }

    /** Thrown when the bytes are not a decodable JPEG or PNG. */
    public static final class NotAnImageException extends Exception {
        public NotAnImageException(String message) {
            super(message);
        }
    }

    public static ImageInstance read(Path file) throws IOException, NotAnImageException {
        return read(Files.readAllBytes(file), file.getFileName().toString());
    }

    public static ImageInstance read(byte[] bytes, String name) throws NotAnImageException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new NotAnImageException(name + " is not a readable JPEG or PNG image: " + e.getMessage());
        }
        if (image == null) {
            throw new NotAnImageException(name + " is not a JPEG or PNG image");
        }
        String digest = sha256(bytes);
        StudyRef study = new StudyRef(Uids.derive("photo-study", digest), Patient.UNKNOWN, "", "", "", "", "phone photo");
        InstanceRef ref = new InstanceRef(study, Uids.derive("photo-series", digest), Uids.derive("photo", digest),
                SopClass.VL_PHOTOGRAPHIC.uid(), "XC", 1, 1);
        Frame frame = new Frame(ref, 0, image.getWidth(), image.getHeight(), PixelFormat.RGB8,
                Images.toBytes(image, PixelFormat.RGB8));
        return new ImageInstance(ref, List.of(frame), 1, null);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
