package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Walks the element headers of a Part 10 file, without recursion, and refuses two things PixelMed's parser
 * cannot survive: a declared value length running past the end of the file (PixelMed allocates an array of
 * the declared length before it reads: 2 GB for a forged 0x7FFFFFF0), and sequences nested deeper than a
 * limit (PixelMed parses a sequence by recursion: 30,000 nested sequences end in a StackOverflowError).
 * It descends into every sequence and item (defined or undefined length) and skips encapsulated pixel
 * fragments; anything it does not understand ends the walk without a verdict, leaving the decision to the
 * real parser.
 */
final class DeclaredLengths {
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;

    /** An open sequence, item or encapsulated pixel data: where it ends (UNDEFINED = at its delimiter). */
    private record Open(Kind kind, long end) {
    }

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    private DeclaredLengths() {
    }

    static void check(Path file, int maxNestingDepth) throws BadDicomException, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (end < 144 || !read(ch, b, 128, 4) || b.getInt(0) != 0x4D434944) { // "DICM"
                return; // not Part 10: the parser will say so
            }
            Deque<Open> open = new ArrayDeque<>();
            int depth = 0;
            long pos = 132;
            boolean explicit = true;
            boolean little = true;
            boolean inMeta = true;
            while (pos + 8 <= end) {
                while (!open.isEmpty() && open.peek().end() != UNDEFINED && pos >= open.peek().end()) {
                    if (open.pop().kind() == Kind.SEQUENCE) {
                        depth--;
                    }
                }
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
                if (group == 0xFFFE) { // item and delimiters: always tag + 4-byte length
                    long length = b.getInt(4) & UNDEFINED;
                    pos += 8;
                    if (element == 0xE000) {
                        if (!open.isEmpty() && open.peek().kind() == Kind.FRAGMENTS) {
                            pos = skip(pos, length, end, group, element); // a compressed fragment: opaque bytes
                        } else if (length == UNDEFINED) {
                            open.push(new Open(Kind.ITEM, UNDEFINED));
                        } else {
                            requireWithin(pos, length, end, group, element);
                            open.push(new Open(Kind.ITEM, pos + length));
                        }
                    } else if (!open.isEmpty() && open.peek().end() == UNDEFINED) {
                        // item or sequence delimiter: closes the innermost undefined-length container
                        if (open.pop().kind() == Kind.SEQUENCE) {
                            depth--;
                        }
                    }
                    continue;
                }
                String vr;
                long length;
                int header;
                if (explicit || inMeta) {
                    vr = new String(new byte[] {b.get(4), b.get(5)}, StandardCharsets.US_ASCII);
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
                    vr = ValueRepresentation.isSequenceVR(DICTIONARY.getValueRepresentationFromTag(new AttributeTag(group, element)))
                            ? "SQ" : "";
                }
                pos += header;
                boolean pixels = group == 0x7FE0 && element == 0x0010;
                if (vr.equals("SQ") || (length == UNDEFINED && !pixels)) {
                    if (++depth > maxNestingDepth) {
                        throw new BadDicomException("sequences nested deeper than " + maxNestingDepth);
                    }
                    if (length != UNDEFINED) {
                        requireWithin(pos, length, end, group, element);
                    }
                    open.push(new Open(Kind.SEQUENCE, length == UNDEFINED ? UNDEFINED : pos + length));
                } else if (length == UNDEFINED) {
                    open.push(new Open(Kind.FRAGMENTS, UNDEFINED));
                } else {
                    pos = skip(pos, length, end, group, element);
                }
            }
        }
    }

    private static long skip(long pos, long length, long end, int group, int element) throws BadDicomException {
        requireWithin(pos, length, end, group, element);
        return pos + length;
    }

    private static void requireWithin(long pos, long length, long end, int group, int element) throws BadDicomException {
        if (length > end - pos) {
            throw new BadDicomException(String.format("element (%04X,%04X) declares %d bytes but only %d remain in the file",
                    group, element, length, end - pos));
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
