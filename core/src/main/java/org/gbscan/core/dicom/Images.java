package org.gbscan.core.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;

/** Conversions between {@link Frame} bytes and AWT images. */
public final class Images {
    private Images() {
    }

    /** 8-bit grey or interleaved RGB bytes of any AWT image. */
    public static byte[] toBytes(BufferedImage image, PixelFormat format) {
        int w = image.getWidth(), h = image.getHeight();
        if (format == PixelFormat.GRAY8 && image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * format.channels()];
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff, g = (argb[i] >> 8) & 0xff, b = argb[i] & 0xff;
            if (format == PixelFormat.GRAY8) {
                out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
            } else {
                out[3 * i] = (byte) r;
                out[3 * i + 1] = (byte) g;
                out[3 * i + 2] = (byte) b;
            }
        }
        return out;
    }

    /** The frame as an AWT image (grey or RGB), e.g. for drawing an overlay or encoding a JPEG/PNG. */
    public static BufferedImage toImage(Frame frame) {
        return toImage(frame.width(), frame.height(), frame.format(), frame.pixels());
    }

    public static BufferedImage toImage(int w, int h, PixelFormat format, byte[] pixels) {
        if (format == PixelFormat.GRAY8) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            System.arraycopy(pixels, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, w * h);
            return image;
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            bgr[3 * i] = pixels[3 * i + 2];
            bgr[3 * i + 1] = pixels[3 * i + 1];
            bgr[3 * i + 2] = pixels[3 * i];
        }
        return image;
    }
}
