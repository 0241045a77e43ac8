package org.gbscan.core.dicom;

import java.util.Arrays;

/**
 * One lossless JPEG stream (T.81 Annex H) decoded into a sample array per component, in raster order. Marker
 * parsing follows Annex B; Huffman tables are built and read as in Annex C and F.2.2.3; prediction as in
 * H.1.2.1 (first sample of a line after a restart: 2^(P-Pt-1); first line: left neighbour; first column:
 * the sample above; elsewhere the scan's predictor 1..7).
 */
final class LosslessJpegDecoder {
    private static final int SOI = 0xD8, EOI = 0xD9, SOF3 = 0xC3, DHT = 0xC4, SOS = 0xDA, DRI = 0xDD;

    private final byte[] in;
    private int pos;
    private int width, height, precision;
    private int[] componentIds;
    private int[][] samples;
    private final Huffman[] tables = new Huffman[4];
    private int restartInterval;
    // bit reader state
    private int bitBuffer, bitCount;
    private boolean markerReached;

    LosslessJpegDecoder(byte[] in) {
        this.in = in;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int[][] decode() throws BadDicomException {
        if (u8() != 0xFF || u8() != SOI) {
            throw new BadDicomException("lossless JPEG frame does not start with SOI");
        }
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case EOI -> {
                    if (samples == null) {
                        throw new BadDicomException("lossless JPEG frame has no scan");
                    }
                    return samples;
                }
                case SOF3 -> frameHeader();
                case DHT -> huffmanTables();
                case DRI -> {
                    u16();
                    restartInterval = u16();
                }
                case SOS -> scan();
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC) {
                        throw new BadDicomException(String.format("JPEG frame uses SOF%d, not lossless SOF3", marker - 0xC0));
                    }
                    int length = u16(); // not "pos += u16() - 2": that adds to pos as it was before the read
                    pos += length - 2;  // APPn, COM, DQT, ...: skipped
                }
            }
        }
    }

    private int nextMarker() throws BadDicomException {
        if (u8() != 0xFF) {
            throw new BadDicomException("lossless JPEG frame: marker expected at byte " + (pos - 1));
        }
        int m = u8();
        while (m == 0xFF) { // fill bytes
            m = u8();
        }
        return m;
    }

    private void frameHeader() throws BadDicomException {
        u16();
        precision = u8();
        height = u16();
        width = u16();
        int n = u8();
        if (precision < 2 || precision > 16 || width == 0 || height == 0 || n == 0 || n > 4) {
            throw new BadDicomException("lossless JPEG frame header is invalid (P=" + precision + ", " + width + "x" + height
                    + ", " + n + " components)");
        }
        componentIds = new int[n];
        for (int i = 0; i < n; i++) {
            componentIds[i] = u8();
            int sampling = u8();
            u8();
            if (sampling != 0x11) {
                throw new BadDicomException("lossless JPEG with subsampled components is not supported");
            }
        }
        samples = new int[n][width * height];
    }

    private void huffmanTables() throws BadDicomException {
        int end = pos + u16() - 2;
        while (pos < end) {
            int classAndId = u8();
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = u8();
                total += counts[l];
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = u8();
            }
            if ((classAndId >> 4) != 0 || (classAndId & 0x0F) > 3) {
                throw new BadDicomException("lossless JPEG frame has an AC or out-of-range Huffman table");
            }
            tables[classAndId & 0x0F] = new Huffman(counts, values);
        }
    }

    private void scan() throws BadDicomException {
        if (samples == null) {
            throw new BadDicomException("lossless JPEG scan before its frame header");
        }
        u16();
        int n = u8();
        int[] comps = new int[n];
        Huffman[] huff = new Huffman[n];
        for (int i = 0; i < n; i++) {
            int id = u8();
            int table = u8() >> 4;
            comps[i] = indexOf(id);
            huff[i] = tables[table];
            if (huff[i] == null) {
                throw new BadDicomException("lossless JPEG scan refers to a missing Huffman table " + table);
            }
        }
        int predictor = u8();
        u8(); // Se
        int pointTransform = u8() & 0x0F;
        if (predictor < 1 || predictor > 7) {
            throw new BadDicomException("lossless JPEG predictor " + predictor + " is not 1..7");
        }
        int initial = 1 << (precision - pointTransform - 1);
        int mask = (1 << 16) - 1;
        bitBuffer = 0;
        bitCount = 0;
        markerReached = false;
        int mcu = 0;
        boolean reset = true; // the first sample of the scan and of each restart interval
        int resetRow = 0;     // on that line the rest predict from the left
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    restart();
                    reset = true;
                    resetRow = y;
                }
                int at = y * width + x;
                for (int c = 0; c < n; c++) {
                    int[] s = samples[comps[c]];
                    int px;
                    if (reset) {
                        px = initial;
                    } else if (y == resetRow) {
                        px = s[at - 1];
                    } else if (x == 0) {
                        px = s[at - width];
                    } else {
                        int ra = s[at - 1], rb = s[at - width], rc = s[at - width - 1];
                        px = switch (predictor) {
                            case 1 -> ra;
                            case 2 -> rb;
                            case 3 -> rc;
                            case 4 -> ra + rb - rc;
                            case 5 -> ra + ((rb - rc) >> 1);
                            case 6 -> rb + ((ra - rc) >> 1);
                            default -> (ra + rb) >> 1;
                        };
                    }
                    s[at] = (px + difference(huff[c])) & mask;
                }
                reset = false;
                mcu++;
            }
        }
        if (pointTransform > 0) {
            for (int comp : comps) {
                for (int i = 0; i < samples[comp].length; i++) {
                    samples[comp][i] <<= pointTransform;
                }
            }
        }
        skipToMarker();
    }

    private int indexOf(int componentId) throws BadDicomException {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == componentId) {
                return i;
            }
        }
        throw new BadDicomException("lossless JPEG scan names component " + componentId + " that the frame lacks");
    }

    /** A Huffman-coded category SSSS, then SSSS extra bits (F.2.2.1; SSSS 16 means 32768 and has none). */
    private int difference(Huffman table) throws BadDicomException {
        int ssss = table.decode(this);
        if (ssss == 0) {
            return 0;
        }
        if (ssss == 16) {
            return 32768;
        }
        int v = bits(ssss);
        return v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    int bit() {
        if (bitCount == 0) {
            bitBuffer = nextEntropyByte();
            bitCount = 8;
        }
        bitCount--;
        return (bitBuffer >> bitCount) & 1;
    }

    /** Entropy-coded bytes: FF 00 is a stuffed FF; any other FF xx is a marker, after which zeros are read. */
    private int nextEntropyByte() {
        if (markerReached) {
            return 0;
        }
        int b = in[pos] & 0xFF;
        if (b != 0xFF) {
            pos++;
            return b;
        }
        int next = in[pos + 1] & 0xFF;
        if (next == 0x00) {
            pos += 2;
            return 0xFF;
        }
        markerReached = true;
        return 0;
    }

    private void restart() throws BadDicomException {
        skipToMarker();
        int marker = nextMarker();
        if (marker < 0xD0 || marker > 0xD7) {
            throw new BadDicomException(String.format("lossless JPEG: RST marker expected, found FF%02X", marker));
        }
        bitBuffer = 0;
        bitCount = 0;
        markerReached = false;
    }

    /** Drops the bits left in the current byte and any padding, up to the next marker. */
    private void skipToMarker() {
        bitCount = 0;
        while (pos + 1 < in.length && !((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) != 0x00)) {
            pos += (in[pos] & 0xFF) == 0xFF ? 2 : 1;
        }
        markerReached = false;
    }

    private int u8() {
        return in[pos++] & 0xFF;
    }

    private int u16() {
        return (u8() << 8) | u8();
    }

    /** Canonical Huffman decoding tables (T.81 C.2 and F.2.2.3). */
    private static final class Huffman {
        private final int[] maxCode = new int[18];
        private final int[] minCode = new int[17];
        private final int[] valuePointer = new int[17];
        private final int[] values;

        Huffman(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valuePointer[l] = k;
                minCode[l] = code;
                code += counts[l];
                k += counts[l];
                maxCode[l] = counts[l] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(LosslessJpegDecoder reader) throws BadDicomException {
            int code = reader.bit();
            int l = 1;
            while (code > maxCode[l]) {
                if (++l > 16) {
                    throw new BadDicomException("lossless JPEG frame holds an invalid Huffman code");
                }
                code = (code << 1) | reader.bit();
            }
            int index = valuePointer[l] + code - minCode[l];
            return values[Math.min(index, values.length - 1)];
        }
    }

    @Override
    public String toString() {
        return "LosslessJpegDecoder[" + width + "x" + height + ", P=" + precision + ", components=" + Arrays.toString(componentIds) + "]";
    }
}
