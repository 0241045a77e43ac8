package com.pixelmed.network;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedList;

/**
 * PixelMed's association initiator with a read timeout on its socket. PixelMed opens a plain
 * {@code new Socket(host, port)} and then waits for the A-ASSOCIATE-AC, and later every C-STORE response,
 * without a timeout: a peer that accepts TCP and never answers holds the sender forever. Its constructor
 * applies socket options through the overridable {@link #setSocketOptions(Socket, int, int, int)} before
 * the first read; that is where the timeout is set. This class sits in PixelMed's package because
 * {@code AssociationInitiator} is package-private; gbscan code reaches it only through core's StoreScu.
 */
public final class TimedAssociationInitiator extends AssociationInitiator {
    /** The super constructor runs before our fields are set, so the options travel by thread. */
    private static final ThreadLocal<Integer> READ_TIMEOUT_MS = new ThreadLocal<>();
    private static final ThreadLocal<Socket> OPENED = new ThreadLocal<>();

    @SuppressWarnings({"rawtypes", "unchecked"})
    private TimedAssociationInitiator(String host, int port, String calledAe, String callingAe, LinkedList contexts)
            throws DicomNetworkException, IOException {
        // the values of AssociationFactory.createNewAssociation(host, port, called, calling, contexts, null, false)
        super(host, port, calledAe, callingAe, "1.3.6.1.4.1.5962.99.2", "PIXELMEDJAVA001",
                AssociationFactory.getDefaultMaximumLengthReceived(), AssociationFactory.getDefaultReceiveBufferSize(),
                AssociationFactory.getDefaultSendBufferSize(), contexts, null, false, null, null);
        // negotiated: from here on every read goes through this field, so one byte can be peeked (endedByPeer)
        in = new PushbackInputStream(in, 1);
    }

    /**
     * Opens an association whose every read (association answer, each response, release) fails with a
     * {@link java.net.SocketTimeoutException} after {@code readTimeoutMs}. The socket is closed when the
     * negotiation fails, which PixelMed itself does not do.
     */
    public static TimedAssociationInitiator open(String host, int port, String calledAe, String callingAe, LinkedList<?> contexts,
                                   int readTimeoutMs) throws DicomNetworkException, IOException {
        READ_TIMEOUT_MS.set(readTimeoutMs);
        try {
            return new TimedAssociationInitiator(host, port, calledAe, callingAe, contexts);
        } catch (DicomNetworkException | IOException | RuntimeException e) {
            Socket s = OPENED.get();
            if (s != null) {
                s.close();
            }
            throw e;
        } finally {
            READ_TIMEOUT_MS.remove();
            OPENED.remove();
        }
    }

    /**
     * Whether the peer ended this association while it sat idle between our requests: it closed the
     * connection, or sent a PDU we did not ask for (an A-RELEASE-RQ or A-ABORT, as a PACS does when its idle
     * timer runs out). Looks without consuming anything and waits at most a millisecond; only for an
     * association with no request outstanding.
     */
    public boolean endedByPeer() {
        if (socket.isClosed() || socket.isInputShutdown()) {
            return true;
        }
        PushbackInputStream peek = (PushbackInputStream) in;
        try {
            if (peek.available() > 0) {
                return true;
            }
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                int b = peek.read();
                if (b >= 0) {
                    peek.unread(b);
                }
                return true; // end of stream, or a PDU nobody asked for
            } catch (SocketTimeoutException quiet) {
                return false;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the connection, whatever state the association is in; a release or abort may have closed it already. */
    public void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing more can be done with it
        }
    }

    @Override
    protected void setSocketOptions(Socket socket, int ourMaximumLengthReceived, int receiveBufferSize, int sendBufferSize)
            throws IOException {
        OPENED.set(socket);
        super.setSocketOptions(socket, ourMaximumLengthReceived, receiveBufferSize, sendBufferSize);
        Integer timeout = READ_TIMEOUT_MS.get();
        if (timeout != null) {
            socket.setSoTimeout(timeout);
        }
        socket.setTcpNoDelay(true); // each C-STORE would otherwise stall on Nagle + delayed ACK
    }
}
