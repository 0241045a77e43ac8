package org.gbscan.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Photometric;
import org.gbscan.core.testing.Fixtures;

/** Valid instances turned hostile byte by byte: forged sizes, deep nesting. Explicit VR Little Endian only. */
final class HostileDicom {
    private HostileDicom() {
    }

    /** A small colour JPEG-baseline cine (US Multi-frame, YBR_FULL_422): a few KB. */
    static Path jpegCine(Path dir, StudyRef study, int frames, int side) {
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
    static void forgeSize(Path file, int side) throws IOException {
        forge(file, side, true);
    }

    /** Only the JPEG streams claim side x side; the DICOM header keeps its true Rows and Columns. */
    static void forgeJpegSize(Path file, int side) throws IOException {
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

    /**
     * Appends {@code depth} nested sequences of undefined length, each in one item, after the last element
     * (Digital Signatures Sequence (FFFA,FFFA), which sorts last): about 36 bytes per level.
     */
    static Path nested(Path valid, Path target, int depth) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Files.readAllBytes(valid));
        byte[] open = {(byte) 0xFA, (byte) 0xFF, (byte) 0xFA, (byte) 0xFF, 'S', 'Q', 0, 0, -1, -1, -1, -1,
            (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1};
        byte[] close = {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0, 0, 0, 0, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(close);
        }
        Files.write(target, out.toByteArray());
        return target;
    }

    /** The data set of a Part 10 file: what a C-STORE carries (everything after the meta group). */
    static byte[] dataSet(Path file) throws IOException {
        return dataSet(Files.readAllBytes(file));
    }

    static byte[] dataSet(byte[] all) {
        int metaLength = (all[140] & 0xff) | (all[141] & 0xff) << 8 | (all[142] & 0xff) << 16 | (all[143] & 0xff) << 24;
        return Arrays.copyOfRange(all, 144 + metaLength, all.length);
    }
}
