package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.SopClass;

/**
 * The door between gbscan and DICOM files: read an instance into domain records, write image objects
 * from them. Nothing outside {@code org.gbscan.core.dicom} sees a PixelMed type.
 */
public final class DicomFiles {
    /** Our implementation identity in the file meta information. */
    public static final String SOURCE_AE = "GBSCAN";

    private DicomFiles() {
    }

    /** True when the file has the DICOM Part 10 preamble ("DICM" at offset 128). */
    public static boolean looksLikeDicom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** The transfer syntax UID of a Part 10 file, from its meta information. */
    public static String transferSyntaxUid(Path file) throws BadDicomException {
        try (InputStream in = Files.newInputStream(file)) {
            return Attrs.string(DicomReader.parse(in, false), TagFromName.TransferSyntaxUID);
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Identity of the instance only; stops before the pixel data, so it is cheap. */
    public static InstanceRef readRef(Path file) throws BadDicomException {
        try (InputStream in = Files.newInputStream(file)) {
            return DicomReader.refOf(DicomReader.parse(in, false));
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #verify(Path, ImageLimits)} with the default limits. */
    public static InstanceRef verify(Path file) throws BadDicomException {
        return verify(file, ImageLimits.DEFAULT);
    }

    /**
     * Reads the WHOLE instance (pixel data too, without decoding it) and returns its identity. Unlike
     * {@link #readRef} it fails on a truncated or malformed file, so a receiver can refuse it. Declared
     * lengths and sequence nesting are checked before the parser runs, the image geometry against the
     * limits before any pixel is touched ({@link LimitExceededException}), and the data set's SOP
     * instance and class against the file meta information ({@link InstanceMismatchException}).
     */
    public static InstanceRef verify(Path file, ImageLimits limits) throws BadDicomException {
        try {
            DeclaredLengths.check(file, limits.maxNestingDepth());
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            AttributeList list = DicomReader.parse(in, true);
            InstanceRef ref = DicomReader.refOf(list);
            requireSameIdentity(list);
            boolean image = SopClass.ofUid(ref.sopClassUid()).map(SopClass::isScorableImage).orElse(false);
            if (image || list.get(TagFromName.PixelData) != null) {
                // checks the limits and the pixel data length, decodes nothing
                new PixelDecoder(list, DicomReader.encodingOf(list), limits);
            }
            return ref;
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * For instances too large to parse whole before the ACK: identity, nesting, UID consistency and the
     * declared geometry from the header, stopping before the pixel data.
     */
    public static InstanceRef verifyHeader(Path file, ImageLimits limits) throws BadDicomException {
        try {
            DeclaredLengths.check(file, limits.maxNestingDepth());
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            AttributeList list = DicomReader.parse(in, false);
            InstanceRef ref = DicomReader.refOf(list);
            requireSameIdentity(list);
            limits.check(Attrs.integer(list, TagFromName.Rows, 0), Attrs.integer(list, TagFromName.Columns, 0),
                    Math.max(1, Attrs.integer(list, TagFromName.NumberOfFrames, 1)),
                    Attrs.integer(list, TagFromName.SamplesPerPixel, 1), Attrs.integer(list, TagFromName.BitsAllocated, 8));
            return ref;
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The meta information (written from the C-STORE command on receipt) and the data set name the same object. */
    private static void requireSameIdentity(AttributeList list) throws InstanceMismatchException {
        String metaInstance = Attrs.string(list, TagFromName.MediaStorageSOPInstanceUID);
        String dataInstance = Attrs.string(list, TagFromName.SOPInstanceUID);
        if (!metaInstance.isEmpty() && !dataInstance.isEmpty() && !metaInstance.equals(dataInstance)) {
            throw new InstanceMismatchException("data set SOP Instance UID differs from the announced one");
        }
        String metaClass = Attrs.string(list, TagFromName.MediaStorageSOPClassUID);
        String dataClass = Attrs.string(list, TagFromName.SOPClassUID);
        if (!metaClass.isEmpty() && !dataClass.isEmpty() && !metaClass.equals(dataClass)) {
            throw new InstanceMismatchException("data set SOP Class UID differs from the announced one");
        }
    }

    /**
     * Reads and decodes an image instance.
     *
     * @param maxFrames decode at most this many evenly spaced frames of a cine loop; 0 = all
     */
    public static ImageInstance read(Path file, int maxFrames) throws BadDicomException {
        return read(file, maxFrames, ImageLimits.DEFAULT);
    }

    /**
     * Reads and decodes an image instance; its declared geometry is checked against {@code limits} before any
     * pixel is decoded ({@link LimitExceededException}).
     *
     * @param maxFrames decode at most this many evenly spaced frames of a cine loop; 0 = all
     */
    public static ImageInstance read(Path file, int maxFrames, ImageLimits limits) throws BadDicomException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, maxFrames, limits);
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static ImageInstance read(InputStream in, int maxFrames) throws BadDicomException {
        return read(in, maxFrames, ImageLimits.DEFAULT);
    }

    public static ImageInstance read(InputStream in, int maxFrames, ImageLimits limits) throws BadDicomException {
        AttributeList list = DicomReader.parse(in, true);
        return DicomReader.image(list, maxFrames, limits);
    }

    /** Writes a Part 10 file atomically: temporary file, fsync, rename. */
    public static void write(ImageSpec spec, Path file) throws IOException {
        writeAtomically(file, out -> write(spec, out));
    }

    public static void write(ImageSpec spec, OutputStream out) throws IOException {
        try {
            AttributeList list = ImageWriter.build(spec);
            writePart10(list, spec.encoding().uid(), out);
        } catch (DicomException e) {
            throw new IOException("cannot encode " + spec.sopClass().title() + ": " + e.getMessage(), e);
        }
    }

    static void writePart10(AttributeList list, String transferSyntax, OutputStream out) throws DicomException, IOException {
        list.removeGroupLengthAttributes();
        list.remove(TagFromName.DataSetTrailingPadding);
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, SOURCE_AE);
        // PixelMed closes the stream it writes to; the caller still needs it (to fsync), so shield it.
        BufferedOutputStream buffered = new BufferedOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 1 << 16);
        list.write(buffered, transferSyntax, true, true);
        buffered.flush();
    }

    /** Something that writes a whole file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Temp file in the same folder, fsync, atomic rename: readers never see half a file. */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename durable (POSIX: the directory entry must be synced too). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the data itself is already synced.
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return;
            }
            throw e;
        }
    }
}
