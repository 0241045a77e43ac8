package org.gbscan.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gbscan.core.PixelFormat;

/**
 * Turns the pixel data of one frame into 8-bit luminance or RGB bytes, undoing the photometric
 * interpretation. Uncompressed data is decoded here directly (faster and stricter than going through
 * a BufferedImage). Lossless encapsulated frames (RLE, lossless JPEG) are first expanded to exactly the
 * bytes an uncompressed image would hold and then take the same path, so they decode to the same pixels;
 * lossy JPEG frames go through ImageIO.
 */
final class PixelDecoder {
    private final int rows, columns, samples, bitsAllocated, bitsStored, planar, frameCount;
    private final boolean signed;
    private final Photometric photometric;
    private final PixelFormat format;
    private final Attribute pixelData;
    private final Encoding encoding;
    private final boolean compressed;
    private final byte[] raw8;
    private final short[] raw16;
    private final int[][] palette;
    private final double windowCenter, windowWidth;

    PixelDecoder(AttributeList list, Encoding encoding) throws BadDicomException {
        this(list, encoding, ImageLimits.DEFAULT);
    }

    /** Checks the declared geometry against the limits first: nothing is allocated for an image beyond them. */
    PixelDecoder(AttributeList list, Encoding encoding, ImageLimits limits) throws BadDicomException {
        rows = Attrs.integer(list, TagFromName.Rows, 0);
        columns = Attrs.integer(list, TagFromName.Columns, 0);
        samples = Attrs.integer(list, TagFromName.SamplesPerPixel, 1);
        bitsAllocated = Attrs.integer(list, TagFromName.BitsAllocated, 8);
        bitsStored = Attrs.integer(list, TagFromName.BitsStored, bitsAllocated);
        signed = Attrs.integer(list, TagFromName.PixelRepresentation, 0) == 1;
        planar = Attrs.integer(list, TagFromName.PlanarConfiguration, 0);
        frameCount = Math.max(1, Attrs.integer(list, TagFromName.NumberOfFrames, 1));
        pixelData = list.get(TagFromName.PixelData);
        limits.check(rows, columns, frameCount, samples, bitsAllocated);
        if (rows <= 0 || columns <= 0) {
            throw new BadDicomException("image has no valid Rows/Columns (" + rows + "x" + columns + ")");
        }
        if (pixelData == null) {
            throw new BadDicomException("image has no Pixel Data");
        }
        String pi = Attrs.string(list, TagFromName.PhotometricInterpretation);
        photometric = Photometric.ofDicomName(pi.isEmpty() ? "MONOCHROME2" : pi);
        if (samples != photometric.samplesPerPixel()) {
            throw new BadDicomException("Samples per Pixel " + samples + " does not fit " + photometric.dicomName());
        }
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new BadDicomException("Bits Allocated " + bitsAllocated + " is not supported (8 or 16)");
        }
        if (samples == 3 && bitsAllocated != 8) {
            throw new BadDicomException("colour images must have 8 bits per sample, got " + bitsAllocated);
        }
        format = photometric == Photometric.PALETTE_COLOR || samples == 3 ? PixelFormat.RGB8 : PixelFormat.GRAY8;
        this.encoding = encoding;
        compressed = encoding.encapsulated();
        palette = photometric == Photometric.PALETTE_COLOR ? PaletteTables.read(list) : null;
        windowCenter = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.WindowCenter, Double.NaN);
        windowWidth = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.WindowWidth, Double.NaN);
        if (compressed && !encoding.lossy() && photometric == Photometric.YBR_FULL_422) {
            // YBR_FULL_422 exists only for lossy JPEG (PS3.5 8.2.3); lossless frames hold full samples
            throw new BadDicomException("Photometric Interpretation YBR_FULL_422 is not allowed with " + encoding);
        }
        if (compressed) {
            if (!(pixelData instanceof OtherByteAttributeMultipleCompressedFrames)) {
                throw new BadDicomException(encoding + " transfer syntax but Pixel Data is not encapsulated");
            }
            raw8 = null;
            raw16 = null;
        } else {
            try {
                // YBR_FULL_422 stores two samples per pixel (PS3.5 8.2.3): Y for each, Cb/Cr shared by pairs
                int storedSamples = photometric == Photometric.YBR_FULL_422 ? 2 : samples;
                long frameBytes = (long) rows * columns * storedSamples * (bitsAllocated / 8);
                long needed = frameBytes * frameCount;
                if (bitsAllocated == 8) {
                    raw8 = bytesOf(pixelData);
                    raw16 = null;
                    if (raw8.length < needed) {
                        throw new BadDicomException("Pixel Data holds " + raw8.length + " bytes, " + rows + "x" + columns
                                + "x" + samples + "x" + frameCount + " frames need " + needed);
                    }
                } else {
                    raw16 = pixelData.getShortValues();
                    raw8 = null;
                    if (raw16 == null || raw16.length * 2L < needed) {
                        throw new BadDicomException("Pixel Data holds " + (raw16 == null ? 0 : raw16.length * 2L)
                                + " bytes, " + frameCount + " frames of " + rows + "x" + columns + " need " + needed);
                    }
                }
            } catch (DicomException e) {
                throw new BadDicomException("Pixel Data cannot be read: " + e.getMessage(), e);
            }
        }
    }

    int frameCount() {
        return compressed ? ((OtherByteAttributeMultipleCompressedFrames) pixelData).getNumberOfFrames() : frameCount;
    }

    PixelFormat format() {
        return format;
    }

    int width() {
        return columns;
    }

    int height() {
        return rows;
    }

    Photometric photometric() {
        return photometric;
    }

    byte[] decode(int frame) throws BadDicomException {
        if (frame < 0 || frame >= frameCount()) {
            throw new BadDicomException("frame " + frame + " does not exist (instance has " + frameCount() + ")");
        }
        if (!compressed) {
            return decodeRaw(raw8, raw16, frame);
        }
        if (encoding.lossy()) {
            return decodeJpeg(frame);
        }
        byte[] data = ((OtherByteAttributeMultipleCompressedFrames) pixelData).getFrames()[frame];
        FrameSamples one = encoding.codec() == Encoding.Codec.RLE
                ? RleFrames.decode(data, rows, columns, samples, bitsAllocated, planar)
                : LosslessJpegFrames.decode(data, rows, columns, samples, bitsAllocated, planar);
        return decodeRaw(one.bytes(), one.shorts(), 0);
    }

    private static byte[] bytesOf(Attribute a) throws DicomException {
        byte[] b = a.getByteValues();
        if (b != null) {
            return b;
        }
        short[] s = a.getShortValues(); // 8-bit data read as OW (implicit VR): little-endian byte pairs
        byte[] out = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            out[2 * i] = (byte) s[i];
            out[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return out;
    }

    /** One frame of native pixel data ({@code raw8} for 8 bits allocated, else {@code raw16}) to output bytes. */
    private byte[] decodeRaw(byte[] raw8, short[] raw16, int frame) {
        int n = rows * columns;
        if (samples == 1) {
            byte[] gray = bitsAllocated == 8 ? slice8(raw8, frame * n, n) : window16(raw16, frame * n, n);
            if (photometric == Photometric.MONOCHROME1) {
                for (int i = 0; i < n; i++) {
                    gray[i] = (byte) (255 - (gray[i] & 0xff));
                }
            }
            return palette != null ? applyPalette(gray) : gray;
        }
        byte[] rgb = new byte[n * 3];
        if (photometric == Photometric.YBR_FULL_422) {
            int base = frame * n * 2;
            // Two pixels share one Cb/Cr pair: Y1 Y2 Cb Cr (PS3.5 8.2.3), always colour-by-pixel.
            for (int p = 0, i = base; p < n; p += 2, i += 4) {
                int cb = raw8[i + 2] & 0xff, cr = raw8[i + 3] & 0xff;
                Colour.ybrToRgb(raw8[i] & 0xff, cb, cr, rgb, p * 3);
                if (p + 1 < n) {
                    Colour.ybrToRgb(raw8[i + 1] & 0xff, cb, cr, rgb, (p + 1) * 3);
                }
            }
            return rgb;
        }
        int base = frame * n * 3;
        for (int p = 0; p < n; p++) {
            int a, b, c;
            if (planar == 1) {
                a = raw8[base + p] & 0xff;
                b = raw8[base + n + p] & 0xff;
                c = raw8[base + 2 * n + p] & 0xff;
            } else {
                a = raw8[base + 3 * p] & 0xff;
                b = raw8[base + 3 * p + 1] & 0xff;
                c = raw8[base + 3 * p + 2] & 0xff;
            }
            if (photometric == Photometric.YBR_FULL) {
                Colour.ybrToRgb(a, b, c, rgb, p * 3);
            } else {
                rgb[p * 3] = (byte) a;
                rgb[p * 3 + 1] = (byte) b;
                rgb[p * 3 + 2] = (byte) c;
            }
        }
        return rgb;
    }

    private static byte[] slice8(byte[] raw8, int offset, int n) {
        byte[] out = new byte[n];
        System.arraycopy(raw8, offset, out, 0, n);
        return out;
    }

    /** 16-bit grey to 8 bits: the image's own window if it has one, else its full range. */
    private byte[] window16(short[] raw16, int offset, int n) {
        int mask = bitsStored >= 16 ? 0xffff : (1 << bitsStored) - 1;
        int[] v = new int[n];
        int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int x = raw16[offset + i] & mask;
            if (signed && (x & (1 << (bitsStored - 1))) != 0) {
                x -= 1 << bitsStored;
            }
            v[i] = x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (palette != null) { // palette indices are used as they are
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) v[i];
            }
            return out;
        }
        double lo = min, hi = Math.max(max, min + 1);
        if (!Double.isNaN(windowCenter) && windowWidth > 1) {
            lo = windowCenter - 0.5 - (windowWidth - 1) / 2;
            hi = windowCenter - 0.5 + (windowWidth - 1) / 2;
        }
        byte[] out = new byte[n];
        double scale = 255.0 / (hi - lo);
        for (int i = 0; i < n; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round((v[i] - lo) * scale)));
        }
        return out;
    }

    private byte[] applyPalette(byte[] indices) {
        byte[] rgb = new byte[indices.length * 3];
        for (int i = 0; i < indices.length; i++) {
            int[] c = PaletteTables.lookup(palette, indices[i] & 0xff);
            rgb[3 * i] = (byte) c[0];
            rgb[3 * i + 1] = (byte) c[1];
            rgb[3 * i + 2] = (byte) c[2];
        }
        return rgb;
    }

    private byte[] decodeJpeg(int frame) throws BadDicomException {
        byte[] data = ((OtherByteAttributeMultipleCompressedFrames) pixelData).getFrames()[frame];
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadDicomException("JPEG frame " + frame + " is not a readable JPEG stream");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The JPEG's own size (its SOF header) is checked before decoding: it, not the DICOM
                // header, decides how much memory the decoder allocates.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width != columns || height != rows) {
                    throw new BadDicomException("JPEG frame is " + width + "x" + height + " but the header says " + columns + "x" + rows);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadDicomException("JPEG frame " + frame + " cannot be decoded: " + e.getMessage(), e);
        }
        return Images.toBytes(image, format);
    }
}
