package org.gbscan.core.dicom.net;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * PixelMed's output on an accepted association, watched for the last PDU we send. After an A-RELEASE-RP or
 * an A-ABORT the acceptor waits for the requestor to close the transport connection, at most ARTIM
 * (PS3.8 9.2, state Sta13). PixelMed only waits a fixed time on a monitor that nothing wakes, so a
 * released association held its thread and slot for that time after the peer had gone; with this the wait
 * ends at the peer's close, and PixelMed's own wait is cut to a millisecond ({@link PixelMedTuning}).
 * The association is over once that PDU is out: {@code ended} runs first, so it stops counting against the
 * association cap even while a peer that never closes is waited for. Bytes that arrive meanwhile are
 * discarded, as PS3.8 says.
 */
final class ClosingHandshake extends FilterOutputStream {
    private static final int RELEASE_RP = 0x06;
    private static final int ABORT = 0x07;

    private final Socket socket;
    private final Duration artim;
    private final Runnable ended;
    private final byte[] header = new byte[6];
    private int headerFill;
    private long bodyRemaining;
    private int lastCompleteType = -1;
    private boolean awaited;

    /** @param ended runs once, when our A-RELEASE-RP or A-ABORT has been flushed */
    ClosingHandshake(Socket socket, Duration artim, Runnable ended) throws IOException {
        super(socket.getOutputStream());
        this.socket = socket;
        this.artim = artim;
        this.ended = ended;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        track(b, off, len);
    }

    /** Follows the PDU headers (type, reserved, 32-bit length) across writes of any size. */
    private void track(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (bodyRemaining > 0) {
                int n = (int) Math.min(bodyRemaining, end - i);
                bodyRemaining -= n;
                i += n;
                if (bodyRemaining == 0) {
                    lastCompleteType = header[0] & 0xff;
                }
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill == header.length) {
                headerFill = 0;
                bodyRemaining = (header[2] & 0xffL) << 24 | (header[3] & 0xffL) << 16 | (header[4] & 0xffL) << 8 | (header[5] & 0xffL);
                if (bodyRemaining == 0) {
                    lastCompleteType = header[0] & 0xff;
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        if (!awaited && (lastCompleteType == RELEASE_RP || lastCompleteType == ABORT)) {
            awaited = true;
            ended.run();
            awaitPeerClose();
        }
    }

    /** Reads until the peer closes (end of stream, reset, TLS close) or ARTIM runs out; never throws. */
    private void awaitPeerClose() {
        long deadline = System.nanoTime() + artim.toNanos();
        byte[] discard = new byte[512];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
                if (in.read(discard) < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            // ARTIM expired: we close the connection ourselves, as PS3.8 says
        } catch (IOException e) {
            // reset or TLS alert: the peer has gone, which is what we waited for
        }
    }
}
