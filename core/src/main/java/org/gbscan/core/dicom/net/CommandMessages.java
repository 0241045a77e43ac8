package org.gbscan.core.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DIMSE response command sets (PS3.7 section 9.3), encoded Implicit VR Little Endian. PixelMed's response
 * classes cannot carry an Error Comment, so the two responses the SCP sends are written here.
 */
final class CommandMessages {
    private static final int C_STORE_RSP = 0x8001;
    private static final int C_ECHO_RSP = 0x8030;
    private static final int NO_DATA_SET = 0x0101;

    private CommandMessages() {
    }

    static byte[] storeResponse(String sopClassUid, String sopInstanceUid, int messageId, StoreOutcome outcome) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uid(sopClassUid));
        element(body, 0x0100, us(C_STORE_RSP));
        element(body, 0x0120, us(messageId));
        element(body, 0x0800, us(NO_DATA_SET));
        element(body, 0x0900, us(outcome.status().code()));
        if (!outcome.isSuccess() && !outcome.comment().isEmpty()) {
            element(body, 0x0902, text(outcome.comment()));
        }
        element(body, 0x1000, uid(sopInstanceUid));
        return withGroupLength(body);
    }

    static byte[] echoResponse(int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uid(AcceptPolicy.VERIFICATION));
        element(body, 0x0100, us(C_ECHO_RSP));
        element(body, 0x0120, us(messageId));
        element(body, 0x0800, us(NO_DATA_SET));
        element(body, 0x0900, us(0));
        return withGroupLength(body);
    }

    private static byte[] withGroupLength(ByteArrayOutputStream body) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] len = new byte[4];
        int n = body.size();
        len[0] = (byte) n;
        len[1] = (byte) (n >> 8);
        len[2] = (byte) (n >> 16);
        len[3] = (byte) (n >> 24);
        element(all, 0x0000, len);
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int elementNumber, byte[] value) {
        out.write(0);
        out.write(0); // group 0000
        out.write(elementNumber & 0xff);
        out.write(elementNumber >> 8 & 0xff);
        int n = value.length;
        out.write(n & 0xff);
        out.write(n >> 8 & 0xff);
        out.write(n >> 16 & 0xff);
        out.write(n >> 24 & 0xff);
        out.writeBytes(value);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] uid(String uid) {
        return pad(uid == null ? "" : uid.trim(), (byte) 0);
    }

    private static byte[] text(String s) {
        String safe = s.replaceAll("[^\\x20-\\x7e]", "?").replace('\\', '/');
        return pad(safe, (byte) ' ');
    }

    private static byte[] pad(String s, byte padding) {
        byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
        if (raw.length % 2 == 0) {
            return raw;
        }
        byte[] even = java.util.Arrays.copyOf(raw, raw.length + 1);
        even[raw.length] = padding;
        return even;
    }
}
