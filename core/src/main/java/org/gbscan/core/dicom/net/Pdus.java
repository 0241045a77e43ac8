package org.gbscan.core.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Raw upper-layer PDUs (PS3.8 section 9.3) that the SCP handles itself, before or around PixelMed: reading
 * the A-ASSOCIATE-RQ (to check AE titles and bound its size) and writing A-ASSOCIATE-RJ and A-ABORT.
 */
final class Pdus {
    static final int ASSOCIATE_RQ = 0x01;
    static final int P_DATA = 0x04;
    static final int RELEASE_RQ = 0x05;
    static final int RELEASE_RP = 0x06;
    static final int ABORT = 0x07;
    /** An A-ASSOCIATE-RQ is a few hundred bytes; anything near this is garbage or an attack. */
    static final int MAX_ASSOCIATE_RQ = 64 * 1024;

    private Pdus() {
    }

    /** A PDU stream that breaks the protocol; the peer has been sent an A-ABORT where possible. */
    static final class ProtocolViolation extends IOException {
        ProtocolViolation(String message) {
            super(message);
        }
    }

    /** The A-ASSOCIATE-RQ as received (to replay to PixelMed) with the AE titles it names. */
    record AssociateRequest(byte[] bytes, String calledAe, String callingAe) {
    }

    static AssociateRequest readAssociateRequest(InputStream in) throws IOException {
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new ProtocolViolation("connection closed before an A-ASSOCIATE-RQ arrived");
        }
        int type = header[0] & 0xff;
        long length = uint32(header, 2);
        if (type != ASSOCIATE_RQ) {
            throw new ProtocolViolation(String.format("first PDU has type 0x%02X, not an A-ASSOCIATE-RQ", type));
        }
        if (length < 68 || length > MAX_ASSOCIATE_RQ) {
            throw new ProtocolViolation("A-ASSOCIATE-RQ declares " + length + " bytes (allowed 68.." + MAX_ASSOCIATE_RQ + ")");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new ProtocolViolation("A-ASSOCIATE-RQ truncated after " + body.length + " of " + length + " bytes");
        }
        byte[] all = new byte[6 + body.length];
        System.arraycopy(header, 0, all, 0, 6);
        System.arraycopy(body, 0, all, 6, body.length);
        return new AssociateRequest(all, aeTitle(body, 4), aeTitle(body, 20));
    }

    private static String aeTitle(byte[] body, int offset) {
        return new String(body, offset, 16, StandardCharsets.US_ASCII).trim();
    }

    static long uint32(byte[] b, int offset) {
        return ((b[offset] & 0xffL) << 24) | ((b[offset + 1] & 0xffL) << 16) | ((b[offset + 2] & 0xffL) << 8) | (b[offset + 3] & 0xffL);
    }

    /** Reject reasons we use: (result, source, reason) as in PS3.8 Table 9-21. */
    enum Rejection {
        CALLING_AE_NOT_RECOGNIZED(1, 1, 3, "calling-ae-not-allowed"),
        CALLED_AE_NOT_RECOGNIZED(1, 1, 7, "called-ae-unknown"),
        LOCAL_LIMIT_EXCEEDED(2, 3, 2, "busy");

        final int result;
        final int source;
        final int reason;
        final String label;

        Rejection(int result, int source, int reason, String label) {
            this.result = result;
            this.source = source;
            this.reason = reason;
            this.label = label;
        }
    }

    static void writeReject(OutputStream out, Rejection r) throws IOException {
        out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) r.result, (byte) r.source, (byte) r.reason});
        out.flush();
    }

    /** A-ABORT from the service provider; reason 2 = unexpected PDU, 6 = invalid PDU parameter value. */
    static void writeProviderAbort(OutputStream out, int reason) throws IOException {
        out.write(new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, 2, (byte) reason});
        out.flush();
    }
}
