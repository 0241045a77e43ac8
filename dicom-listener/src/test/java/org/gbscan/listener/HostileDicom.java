package org.gbscan.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Valid instances turned hostile byte by byte: deep nesting; the data set a C-STORE carries. Explicit VR Little Endian only. */
final class HostileDicom {
    private HostileDicom() {
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
