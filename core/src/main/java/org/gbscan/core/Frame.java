package org.gbscan.core;

import java.util.Objects;

/**
 * One decoded image frame: 8-bit luminance or 8-bit interleaved RGB, row-major, top-left origin.
 * Whatever photometric interpretation the source had has already been undone by the reader.
 * The array is shared, not copied: treat it as read-only.
 *
 * @param source the instance it came from
 * @param index  zero-based frame number inside that instance
 */
public record Frame(InstanceRef source, int index, int width, int height, PixelFormat format, byte[] pixels) {
    public Frame {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be >= 0, got " + index);
        }
        long expected = (long) width * height * format.channels();
        if (pixels.length != expected) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " " + format
                    + " needs " + expected + " bytes, got " + pixels.length);
        }
    }

    /** Luminance 0..255 at (x, y); RGB frames use the Rec. 601 weights. */
    public int luminance(int x, int y) {
        int i = (y * width + x) * format.channels();
        if (format == PixelFormat.GRAY8) {
            return pixels[i] & 0xff;
        }
        int r = pixels[i] & 0xff, g = pixels[i + 1] & 0xff, b = pixels[i + 2] & 0xff;
        return (r * 299 + g * 587 + b * 114 + 500) / 1000;
    }

    /** A stable key for this frame: SOP Instance UID plus frame number. */
    public String key() {
        return source.sopInstanceUid() + "#" + index;
    }
}
