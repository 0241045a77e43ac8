package org.gbscan.core.dicom.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Walks the PDU and PDV headers of everything PixelMed reads and stops a stream whose declared lengths
 * are impossible, before PixelMed allocates an array of that size (it trusts the 32-bit lengths). On a
 * violation it sends an A-ABORT and fails the read, which ends the association promptly. It also tells the
 * connection's clock when a PDU starts and ends, so a peer dripping a PDU byte by byte is cut off.
 */
final class PduGuard extends FilterInputStream {
    private enum State { PDU_HEADER, PDV_HEADER, PDV_BODY, OTHER_BODY }

    private final OutputStream out;
    private final long maxPduLength;
    private final ConnectionClock clock;
    private State state = State.PDU_HEADER;
    private final byte[] header = new byte[6];
    private int headerFill;
    private long pduRemaining;
    private long pdvRemaining;
    private boolean violated;

    /** @param maxPduLength the largest P-DATA PDU accepted (we allow twice what we offered) */
    PduGuard(InputStream in, OutputStream out, long maxPduLength, ConnectionClock clock) {
        super(in);
        this.out = out;
        this.maxPduLength = maxPduLength;
        this.clock = clock;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (violated) {
            throw new Pdus.ProtocolViolation("association already aborted");
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            inspect(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported on a DICOM association stream");
    }

    private void inspect(byte[] b, int off, int n) throws IOException {
        int i = off;
        int end = off + n;
        while (i < end) {
            switch (state) {
                case PDU_HEADER -> {
                    if (headerFill == 0) {
                        clock.pduStarted(System.nanoTime());
                    }
                    int take = Math.min(6 - headerFill, end - i);
                    System.arraycopy(b, i, header, headerFill, take);
                    headerFill += take;
                    i += take;
                    if (headerFill == 6) {
                        headerFill = 0;
                        startPdu(header[0] & 0xff, Pdus.uint32(header, 2));
                    }
                }
                case PDV_HEADER -> {
                    int take = Math.min(4 - headerFill, end - i);
                    System.arraycopy(b, i, header, headerFill, take);
                    headerFill += take;
                    i += take;
                    pduRemaining -= take;
                    if (headerFill == 4) {
                        headerFill = 0;
                        startPdv(Pdus.uint32(header, 0));
                    }
                }
                case PDV_BODY -> {
                    int take = (int) Math.min(pdvRemaining, end - i);
                    i += take;
                    pdvRemaining -= take;
                    pduRemaining -= take;
                    if (pdvRemaining == 0) {
                        state = pduRemaining == 0 ? pduDone() : State.PDV_HEADER;
                    }
                }
                case OTHER_BODY -> {
                    int take = (int) Math.min(pduRemaining, end - i);
                    i += take;
                    pduRemaining -= take;
                    if (pduRemaining == 0) {
                        state = pduDone();
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private State pduDone() {
        clock.pduFinished();
        return State.PDU_HEADER;
    }

    private void startPdu(int type, long length) throws IOException {
        switch (type) {
            case Pdus.P_DATA -> {
                if (length < 6 || length > maxPduLength) {
                    violation(6, "P-DATA-TF PDU declares " + length + " bytes (allowed 6.." + maxPduLength + ")");
                }
                pduRemaining = length;
                state = State.PDV_HEADER;
            }
            case Pdus.RELEASE_RQ, Pdus.RELEASE_RP, Pdus.ABORT -> {
                if (length != 4) {
                    violation(6, String.format("PDU type 0x%02X declares %d bytes, expected 4", type, length));
                }
                pduRemaining = length;
                state = State.OTHER_BODY;
            }
            default -> violation(2, String.format("unexpected PDU type 0x%02X during data transfer", type));
        }
    }

    private void startPdv(long length) throws IOException {
        if (length < 2 || length > pduRemaining) {
            violation(6, "PDV item declares " + length + " bytes but only " + pduRemaining + " remain in its PDU");
        }
        pdvRemaining = length;
        state = State.PDV_BODY;
    }

    private void violation(int abortReason, String message) throws IOException {
        violated = true;
        try {
            Pdus.writeProviderAbort(out, abortReason);
        } catch (IOException e) {
            message += " (A-ABORT could not be sent: " + e.getMessage() + ")";
        }
        throw new Pdus.ProtocolViolation(message);
    }
}
