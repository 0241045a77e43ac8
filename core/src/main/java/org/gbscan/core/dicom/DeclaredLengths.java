package org.gbscan.core.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Walks the element headers of a Part 10 file and refuses one whose declared value length runs past the
 * end of the file. PixelMed allocates an array of the declared length before it reads (2 GB for a
 * forged 0x7FFFFFF0), so a receiver checks this first. It only descends into undefined-length
 * sequences and items (defined-length ones are bounded by their own, checked, length); anything it does
 * not understand ends the walk without a verdict, leaving the decision to the real parser.
 */
final class DeclaredLengths {
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private DeclaredLengths() {
    }

    static void check(Path file) throws BadDicomException, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (end < 144 || !read(ch, b, 128, 4) || b.getInt(0) != 0x4D434944) { // "DICM"
                return; // not Part 10: the parser will say so
            }
            long pos = 132;
            boolean explicit = true;
            boolean little = true;
            boolean inMeta = true;
            while (pos + 8 <= end) {
                if (!read(ch, b, pos, 8)) {
                    return;
                }
                b.order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                int group = b.getShort(0) & 0xffff;
                int element = b.getShort(2) & 0xffff;
                if (inMeta && group != 0x0002) {
                    inMeta = false;
                    String ts = transferSyntax(file);
                    explicit = !"1.2.840.10008.1.2".equals(ts);
                    little = !"1.2.840.10008.1.2.2".equals(ts);
                    continue;
                }
                long length;
                int header;
                if (group == 0xFFFE) { // item and delimiters: always tag + 4-byte length
                    length = b.getInt(4) & UNDEFINED;
                    header = 8;
                    if (element != 0xE000) {
                        pos += 8; // delimiters carry no value
                        continue;
                    }
                } else if (explicit || inMeta) {
                    String vr = new String(new byte[] {b.get(4), b.get(5)}, StandardCharsets.US_ASCII);
                    if (!vr.matches("[A-Z]{2}")) {
                        return;
                    }
                    if (LONG_VRS.contains(vr)) {
                        if (!read(ch, b, pos + 8, 4)) {
                            return;
                        }
                        length = b.getInt(0) & UNDEFINED;
                        header = 12;
                        if (vr.equals("UN") && length == UNDEFINED) {
                            return; // implicit VR inside: stop rather than misread it
                        }
                    } else {
                        length = b.getShort(6) & 0xffff;
                        header = 8;
                    }
                } else {
                    length = b.getInt(4) & UNDEFINED;
                    header = 8;
                }
                pos += header;
                if (length == UNDEFINED) {
                    continue; // sequence, item or encapsulated pixel data: walk its content
                }
                if (length > end - pos) {
                    throw new BadDicomException(String.format("element (%04X,%04X) declares %d bytes but only %d remain in the file",
                            group, element, length, end - pos));
                }
                pos += length;
            }
        }
    }

    private static String transferSyntax(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            com.pixelmed.dicom.AttributeList meta = new com.pixelmed.dicom.AttributeList();
            meta.readOnlyMetaInformationHeader(new com.pixelmed.dicom.DicomInputStream(new java.io.BufferedInputStream(in)));
            return Attrs.string(meta, com.pixelmed.dicom.TagFromName.TransferSyntaxUID);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            return "";
        }
    }

    private static boolean read(FileChannel ch, ByteBuffer b, long pos, int n) throws IOException {
        b.clear().limit(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                return false;
            }
        }
        return true;
    }
}
