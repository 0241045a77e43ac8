package org.gbscan.core.dicom;

/**
 * One frame expanded from a lossless encoding into the layout of native Pixel Data: {@code bytes} for 8 bits
 * allocated, {@code shorts} for 16; samples interleaved or by plane as the image's Planar Configuration says.
 */
record FrameSamples(byte[] bytes, short[] shorts) {
    FrameSamples {
        if ((bytes == null) == (shorts == null)) {
            throw new IllegalArgumentException("a frame holds either 8-bit or 16-bit samples");
        }
    }

    static FrameSamples of8(byte[] bytes) {
        return new FrameSamples(bytes, null);
    }

    static FrameSamples of16(short[] shorts) {
        return new FrameSamples(null, shorts);
    }
}
