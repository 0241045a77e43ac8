package org.gbscan.core.dicom;

/**
 * Lossless JPEG frames (ITU T.81 process 14, Huffman, SOF3) expanded to native samples. It handles every
 * predictor, so DICOM's SV1 (1.2.840.10008.1.2.4.70) and the general 1.2.840.10008.1.2.4.57 alike, restart
 * intervals and point transforms. Our own decoder because the JDK reader refuses SOF3 and TwelveMonkeys'
 * (3.14) loses a frame's last pixel when its final code is a zero difference (TwelveMonkeys issue 1179,
 * pull request 1183): a lossless frame must equal its uncompressed twin.
 */
final class LosslessJpegFrames {
    private LosslessJpegFrames() {
    }

    static FrameSamples decode(byte[] frame, int rows, int columns, int samples, int bitsAllocated, int planar)
            throws BadDicomException {
        LosslessJpegDecoder decoder = new LosslessJpegDecoder(frame);
        int[][] components;
        try {
            components = decoder.decode();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new BadDicomException("lossless JPEG frame ends before its last sample", e);
        }
        if (decoder.width() != columns || decoder.height() != rows || components.length != samples) {
            throw new BadDicomException("lossless JPEG frame is " + decoder.width() + "x" + decoder.height() + "x"
                    + components.length + " but the header says " + columns + "x" + rows + "x" + samples);
        }
        int pixels = rows * columns;
        byte[] out8 = bitsAllocated == 8 ? new byte[pixels * samples] : null;
        short[] out16 = bitsAllocated == 8 ? null : new short[pixels * samples];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < pixels; p++) {
                int at = planar == 1 ? s * pixels + p : p * samples + s;
                if (out8 != null) {
                    out8[at] = (byte) components[s][p];
                } else {
                    out16[at] = (short) components[s][p];
                }
            }
        }
        return out8 != null ? FrameSamples.of8(out8) : FrameSamples.of16(out16);
    }
}
