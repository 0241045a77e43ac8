package org.gbscan.core;

/** How a {@link Frame}'s bytes are laid out: 8-bit luminance, or 8-bit RGB interleaved per pixel. */
public enum PixelFormat {
    GRAY8(1), RGB8(3);

    private final int channels;

    PixelFormat(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }
}
