package org.gbscan.core.dicom;

import org.gbscan.core.Config;

/**
 * What gbscan is willing to decode from one instance, checked against the header BEFORE any pixel is
 * decoded: in the listener before the C-STORE is acknowledged, in the scoring route before a spooled
 * instance is decoded, and on a DICOM file uploaded to the page. A 5 KB JPEG file can declare
 * 16384x16384 RGB frames; trusting that costs gigabytes of heap.
 *
 * @param maxRows          largest Rows (ultrasound scanners write 480..1200; 4096 leaves room)
 * @param maxColumns       largest Columns
 * @param maxFrames        largest Number of Frames (3600 = two minutes of cine at 30 fps)
 * @param maxDecodedBytes  Rows x Columns x Samples x bytes per sample x frames, fully decoded
 * @param maxNestingDepth  deepest sequence nesting in the data set (US images use 3 or 4; recursion in
 *                         the parser ends in a StackOverflowError at a few thousand). Deeper is refused as
 *                         not understood, not as too large: no image we score nests like that
 */
public record ImageLimits(int maxRows, int maxColumns, int maxFrames, long maxDecodedBytes, int maxNestingDepth) {
    /** The defaults of {@code config/gbscan.properties}. */
    public static final ImageLimits DEFAULT = new ImageLimits(4096, 4096, 3600, 2L * 1024 * 1024 * 1024, 32);

    /**
     * The configured limits: {@code listener.image.maxRows}, {@code .maxColumns}, {@code .maxFrames},
     * {@code .maxDecodedBytes} and {@code listener.maxNestingDepth}. The keys are the listener's because it
     * applies them first, before the ACK; every other reader of DICOM applies the same ones.
     */
    public static ImageLimits from(Config c) {
        return new ImageLimits(c.getInt("listener.image.maxRows", DEFAULT.maxRows()),
                c.getInt("listener.image.maxColumns", DEFAULT.maxColumns()),
                c.getInt("listener.image.maxFrames", DEFAULT.maxFrames()),
                c.getLong("listener.image.maxDecodedBytes", DEFAULT.maxDecodedBytes()),
                c.getInt("listener.maxNestingDepth", DEFAULT.maxNestingDepth()));
    }

    public ImageLimits {
        if (maxRows < 1 || maxColumns < 1 || maxFrames < 1 || maxDecodedBytes < 1 || maxNestingDepth < 1) {
            throw new IllegalArgumentException("image limits must be positive: " + maxRows + "x" + maxColumns + ", "
                    + maxFrames + " frames, " + maxDecodedBytes + " bytes, depth " + maxNestingDepth);
        }
    }

    /**
     * Refuses a declared geometry beyond the limits. Values come straight from the header, so they are
     * checked one by one before they are multiplied (no overflow).
     */
    void check(int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated) throws BadDicomException {
        if (rows > maxRows || columns > maxColumns) {
            throw new LimitExceededException("image is " + columns + "x" + rows + ", limit " + maxColumns + "x" + maxRows);
        }
        if (frames > maxFrames) {
            throw new LimitExceededException("image has " + frames + " frames, limit " + maxFrames);
        }
        if (samplesPerPixel < 1 || samplesPerPixel > 4 || bitsAllocated < 1 || bitsAllocated > 64) {
            throw new BadDicomException("image declares " + samplesPerPixel + " samples of " + bitsAllocated + " bits");
        }
        long decoded = (long) Math.max(rows, 0) * Math.max(columns, 0) * samplesPerPixel * ((bitsAllocated + 7) / 8) * Math.max(frames, 1);
        if (decoded > maxDecodedBytes) {
            throw new LimitExceededException("image decodes to " + decoded + " bytes, limit " + maxDecodedBytes);
        }
    }
}
