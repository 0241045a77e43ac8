package org.gbscan.core.dicom.net;

import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContextListFactory;
import com.pixelmed.network.TimedAssociationInitiator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

/**
 * C-STORE SCU: sends a list of Part 10 files in ONE association and reports each instance, or opens an
 * association ({@link #open}) that a sender keeps for several lists. Uses PixelMed's
 * multi-file sender, the one that reports failed stores (its single-file constructor does not), over an
 * association we open ourselves so the socket gets TCP_NODELAY, a connect timeout and a read timeout: a
 * peer that is unreachable, or accepts TCP and never answers, fails the send instead of holding it forever.
 */
public final class StoreScu {
    /** A LAN PACS accepts in milliseconds; 5 s still allows two lost SYNs (retransmitted at 1 s and 3 s). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Longest wait for one answer (association accept, one C-STORE response, release). Orthanc answers a
     * ~1 MB object in 20-60 ms here; 30 s (DCMTK's ACSE default) leaves room for a PACS under load.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final String callingAe;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    public StoreScu(String callingAe) {
        this(callingAe, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public StoreScu(String callingAe, Duration connectTimeout, Duration readTimeout) {
        this.callingAe = AeTitles.requireValid(callingAe, "calling AE title");
        this.connectTimeoutMs = positiveMillis(connectTimeout, "connect timeout");
        this.readTimeoutMs = positiveMillis(readTimeout, "read timeout");
    }

    private static int positiveMillis(Duration d, String what) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be positive and below 24 days, got " + d);
        }
        return (int) d.toMillis();
    }

    /**
     * Sends the files in one association of their own, opened for them and released after them.
     *
     * @throws DicomNetException when no association could be made (nothing was stored); unreadable files are
     *                           reported as failed without being sent
     */
    public SendResult send(Destination dest, List<Path> files) throws DicomNetException {
        StoreBatch batch = StoreBatch.read(files);
        if (batch.isEmpty()) {
            return new SendResult(dest, List.of(), batch.unreadable);
        }
        try (StoreAssociation association = open(dest, batch.syntaxes)) {
            return association.send(batch);
        }
    }

    /**
     * Opens an association that proposes a presentation context for each SOP class and transfer syntax pair,
     * for the caller to send several batches on ({@link StoreAssociation#send}) and close.
     *
     * @throws DicomNetException when the destination cannot be reached, refuses, or does not answer in time
     */
    public StoreAssociation open(Destination dest, Set<StoreAssociation.Syntax> syntaxes) throws DicomNetException {
        if (syntaxes.isEmpty()) {
            throw new IllegalArgumentException("an association needs at least one SOP class to propose");
        }
        try {
            probe(dest);
            LinkedList<?> contexts = PresentationContextListFactory.createNewPresentationContextList(StoreAssociation.exemplars(syntaxes), 0);
            return new StoreAssociation(dest,
                    TimedAssociationInitiator.open(dest.host(), dest.port(), dest.aeTitle(), callingAe, contexts, readTimeoutMs), syntaxes);
        } catch (DicomNetworkException | IOException e) {
            throw new DicomNetException("cannot open an association with " + dest + ": " + e, e);
        }
    }

    /** The SOP class and transfer syntax pairs of these files (unreadable ones left out), for {@link #open}. */
    public static Set<StoreAssociation.Syntax> syntaxesOf(List<Path> files) {
        return StoreBatch.read(files).syntaxes;
    }

    /**
     * PixelMed connects with {@code new Socket(host, port)}, which waits for the operating system's connect
     * timeout (about two minutes on Linux). A plain TCP connect with our timeout first turns an unreachable
     * PACS into a prompt failure; it costs one round trip and an empty connection in the PACS's log. A
     * loopback address is not probed: its connect fails at once when nothing listens, and the DICOM TLS
     * sender's loopback tunnel accepts exactly one connection, the association's.
     */
    private void probe(Destination dest) throws IOException {
        InetSocketAddress address = new InetSocketAddress(dest.host(), dest.port());
        if (address.getAddress() != null && address.getAddress().isLoopbackAddress()) {
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(address, connectTimeoutMs);
        }
    }
}
