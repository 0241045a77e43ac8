package org.gbscan.core.dicom;

/**
 * DICOM RLE Lossless (PS3.5 Annex G), decoded here rather than through PixelMed so that an RLE frame becomes
 * exactly the bytes of its uncompressed twin. A frame is a 64-byte header (segment count, then up to 15
 * segment offsets, little endian) followed by PackBits segments; each segment is one byte plane: for every
 * sample, the most significant byte first.
 */
final class RleFrames {
    private static final int HEADER_BYTES = 64;

    private RleFrames() {
    }

    static FrameSamples decode(byte[] frame, int rows, int columns, int samples, int bitsAllocated, int planar)
            throws BadDicomException {
        int pixels = rows * columns;
        int bytesPerSample = bitsAllocated / 8;
        int expectedSegments = samples * bytesPerSample;
        if (frame.length < HEADER_BYTES) {
            throw new BadDicomException("RLE frame of " + frame.length + " bytes has no 64-byte header");
        }
        int segments = int32(frame, 0);
        if (segments != expectedSegments) {
            throw new BadDicomException("RLE frame has " + segments + " segments, " + samples + " samples of "
                    + bitsAllocated + " bits need " + expectedSegments);
        }
        byte[][] planes = new byte[segments][];
        for (int s = 0; s < segments; s++) {
            int start = int32(frame, 4 + 4 * s);
            int end = s + 1 < segments ? int32(frame, 8 + 4 * s) : frame.length;
            if (start < HEADER_BYTES || end > frame.length || start > end) {
                throw new BadDicomException("RLE segment " + s + " has offsets " + start + ".." + end
                        + " outside its frame of " + frame.length + " bytes");
            }
            planes[s] = unpackBits(frame, start, end, pixels, s);
        }
        if (bytesPerSample == 1) {
            byte[] out = new byte[pixels * samples];
            for (int s = 0; s < samples; s++) {
                for (int p = 0; p < pixels; p++) {
                    out[planar == 1 ? s * pixels + p : p * samples + s] = planes[s][p];
                }
            }
            return FrameSamples.of8(out);
        }
        short[] out = new short[pixels * samples];
        for (int s = 0; s < samples; s++) {
            byte[] high = planes[2 * s], low = planes[2 * s + 1];
            for (int p = 0; p < pixels; p++) {
                out[planar == 1 ? s * pixels + p : p * samples + s] = (short) ((high[p] & 0xff) << 8 | (low[p] & 0xff));
            }
        }
        return FrameSamples.of16(out);
    }

    /** PackBits (G.3.1): n in 0..127 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n times, -128 is a no-op. */
    private static byte[] unpackBits(byte[] in, int start, int end, int length, int segment) throws BadDicomException {
        byte[] out = new byte[length];
        int o = 0;
        int i = start;
        while (o < length && i < end) {
            int n = in[i++];
            if (n >= 0) {
                int count = n + 1;
                if (i + count > end || o + count > length) {
                    throw new BadDicomException("RLE segment " + segment + " runs past its end");
                }
                System.arraycopy(in, i, out, o, count);
                i += count;
                o += count;
            } else if (n != -128) {
                int count = 1 - n;
                if (i >= end || o + count > length) {
                    throw new BadDicomException("RLE segment " + segment + " runs past its end");
                }
                java.util.Arrays.fill(out, o, o + count, in[i++]);
                o += count;
            }
        }
        if (o < length) {
            throw new BadDicomException("RLE segment " + segment + " holds " + o + " of " + length + " bytes");
        }
        return out;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
