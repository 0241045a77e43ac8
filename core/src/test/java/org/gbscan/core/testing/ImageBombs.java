package org.gbscan.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Decompression bombs: small files whose headers declare enormous images. Real, decodable files, so a
 * reader that trusts the header really does allocate (and decode) what they declare.
 */
public final class ImageBombs {
    private static byte[] png20k;

    private ImageBombs() {
    }

    /** A valid 8-bit greyscale PNG of 20000x20000 black pixels: ~390 KB of file, 400 MB of pixels. */
    public static synchronized byte[] png20000() {
        if (png20k == null) {
            png20k = blackPng(20_000, 20_000);
        }
        return png20k.clone();
    }

    public static byte[] blackPng(int width, int height) {
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
                byte[] row = new byte[width + 1]; // filter byte 0, then black pixels
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 0, 0, 0, 0}); // 8 bits, greyscale, deflate, adaptive filter, no interlace
            chunk(png, "IHDR", ihdr.toByteArray());
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A baseline JPEG whose frame header (SOF0) declares {@code side x side} pixels; the scan data is that
     * of a small image, so the file is a few hundred bytes.
     */
    public static byte[] jpegDeclaring(int side) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "jpeg", out);
            byte[] jpeg = out.toByteArray();
            for (int i = 2; i + 8 < jpeg.length; i++) {
                if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) { // SOF0: length, precision, height, width
                    jpeg[i + 5] = (byte) (side >> 8);
                    jpeg[i + 6] = (byte) side;
                    jpeg[i + 7] = (byte) (side >> 8);
                    jpeg[i + 8] = (byte) side;
                    return jpeg;
                }
            }
            throw new IllegalStateException("the JDK's JPEG writer wrote no SOF0 marker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(png);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
