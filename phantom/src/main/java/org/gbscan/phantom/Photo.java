package org.gbscan.phantom;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.dicom.Images;

/**
 * A simulated phone photo of an ultrasound screen: interleaved RGB pixels (already through JPEG, as the
 * file on disk decodes), the source masks warped into the photo, and the JPEG file's bytes.
 *
 * @param homography the 3x3 row-major map from source image pixels to photo pixels
 */
public record Photo(int width, int height, byte[] rgb, List<Mask> masks, byte[] jpeg, double[] homography) {
    public Photo {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(jpeg, "jpeg");
        masks = List.copyOf(masks);
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("photo " + width + "x" + height + " needs " + (width * height * 3) + " bytes");
        }
    }

    public BufferedImage image() {
        return Images.toImage(width, height, PixelFormat.RGB8, rgb);
    }

    /** The photo as a frame that keeps the identity of the image it was taken of. */
    public Frame toFrame(InstanceRef source, int index) {
        return new Frame(source, index, width, height, PixelFormat.RGB8, rgb);
    }
}
