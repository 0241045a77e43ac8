package org.gbscan.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Photometric;

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

    /** A small colour JPEG-baseline cine (US Multi-frame, YBR_FULL_422, Explicit VR Little Endian header): a few KB. */
    public static Path dicomJpegCine(Path dir, StudyRef study, int frames, int side) {
        InstanceRef ref = Fixtures.instance(study, SopClass.US_MULTIFRAME_IMAGE, 1);
        List<Frame> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(Fixtures.gradient(ref, i, side, side, PixelFormat.RGB8));
        }
        ImageSpec spec = new ImageSpec(ref, list, Photometric.YBR_FULL_422, Encoding.JPEG_BASELINE, null,
                new ImageSpec.Equipment("gbscan-test", "hostile", "1", "Test Hospital"), "cine", true, false, "", 33.3, List.of());
        Path file = dir.resolve(ref.sopInstanceUid() + ".dcm");
        try {
            DicomFiles.write(spec, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Makes every frame and the header claim {@code side} x {@code side} pixels without adding a byte: Rows
     * and Columns in the data set, height and width in each JPEG's SOF0 marker. A decoder that trusts
     * either allocates side x side x 3 bytes per frame (805 MB at 16384).
     */
    public static void forgeDicomSize(Path file, int side) throws IOException {
        forge(file, side, true);
    }

    /** Only the JPEG streams claim side x side; the DICOM header keeps its true Rows and Columns. */
    public static void forgeDicomJpegSize(Path file, int side) throws IOException {
        forge(file, side, false);
    }

    private static void forge(Path file, int side, boolean header) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int replaced = 0;
        for (int i = 0; i + 10 < b.length; i++) {
            boolean rowsOrColumns = b[i] == 0x28 && b[i + 1] == 0 && (b[i + 2] == 0x10 || b[i + 2] == 0x11) && b[i + 3] == 0
                    && b[i + 4] == 'U' && b[i + 5] == 'S' && b[i + 6] == 2 && b[i + 7] == 0;
            if (header && rowsOrColumns) {
                b[i + 8] = (byte) side;
                b[i + 9] = (byte) (side >> 8);
                replaced++;
            }
            boolean sof0 = (b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0 && b[i + 2] == 0 && b[i + 4] == 8;
            if (sof0) {
                b[i + 5] = (byte) (side >> 8);
                b[i + 6] = (byte) side;
                b[i + 7] = (byte) (side >> 8);
                b[i + 8] = (byte) side;
                replaced++;
            }
        }
        if (replaced < (header ? 3 : 1)) {
            throw new IllegalStateException("expected Rows, Columns and SOF0 markers, patched " + replaced);
        }
        Files.write(file, b);
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
