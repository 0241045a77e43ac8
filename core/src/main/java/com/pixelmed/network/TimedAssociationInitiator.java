package com.pixelmed.network;

import java.io.IOException;
import java.net.Socket;
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
    }

    /**
     * Opens an association whose every read (association answer, each response, release) fails with a
     * {@link java.net.SocketTimeoutException} after {@code readTimeoutMs}. The socket is closed when the
     * negotiation fails, which PixelMed itself does not do.
     */
    public static Association open(String host, int port, String calledAe, String callingAe, LinkedList<?> contexts,
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
