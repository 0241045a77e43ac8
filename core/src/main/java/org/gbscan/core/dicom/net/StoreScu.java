package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.Association;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContextListFactory;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.TimedAssociationInitiator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C-STORE SCU: sends a list of Part 10 files in ONE association and reports each instance. Uses PixelMed's
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
     * @throws DicomNetException when no association could be made (nothing was stored); unreadable files are
     *                           reported as failed without being sent
     */
    public SendResult send(Destination dest, List<Path> files) throws DicomNetException {
        Map<String, Path> byName = new LinkedHashMap<>();
        Map<String, String> sopOf = new ConcurrentHashMap<>();
        List<SendResult.Failed> failed = new ArrayList<>();
        SetOfDicomFiles set = new SetOfDicomFiles();
        for (Path f : files) {
            String name = f.toAbsolutePath().toString();
            SetOfDicomFiles.DicomFile added = null;
            try {
                added = set.add(name);
            } catch (RuntimeException e) {
                failed.add(new SendResult.Failed(f, "", "not sent: unreadable file (" + e.getClass().getSimpleName() + ")"));
                continue;
            }
            if (added == null || added.getSOPInstanceUID() == null || added.getSOPClassUID() == null
                    || added.getTransferSyntaxUID() == null) {
                set.remove(added);
                failed.add(new SendResult.Failed(f, "", "not sent: not a DICOM Part 10 file with SOP class, instance and transfer syntax"));
                continue;
            }
            byName.put(name, f);
            sopOf.put(name, added.getSOPInstanceUID());
        }
        List<SendResult.Sent> stored = new ArrayList<>();
        if (byName.isEmpty()) {
            return new SendResult(dest, stored, failed);
        }
        Map<String, Boolean> outcome = new ConcurrentHashMap<>();
        MultipleInstanceTransferStatusHandlerWithFileName handler = new MultipleInstanceTransferStatusHandlerWithFileName() {
            @Override
            public void updateStatus(int remaining, int completed, int failures, int warnings, String sopInstanceUid,
                                     String fileName, boolean success) {
                outcome.put(fileName, success);
            }
        };
        Association association = open(dest, set);
        try {
            // this constructor traps its exceptions; per-instance outcomes arrive through the handler
            StorageSOPClassSCU scu = new StorageSOPClassSCU(association, set, handler);
            if (scu.encounteredTrappedExceptions()) {
                association.abort(); // e.g. a response timed out: the peer may never answer a release either
            } else {
                association.release();
            }
        } catch (DicomNetworkException e) {
            if (outcome.isEmpty()) {
                throw new DicomNetException("C-STORE association with " + dest + " failed: " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            Boolean ok = outcome.get(e.getKey());
            if (Boolean.TRUE.equals(ok)) {
                stored.add(new SendResult.Sent(e.getValue(), sopOf.get(e.getKey())));
            } else {
                failed.add(new SendResult.Failed(e.getValue(), sopOf.get(e.getKey()),
                        ok == null ? "not confirmed (association ended or no presentation context)" : "refused by " + dest.aeTitle()));
            }
        }
        return new SendResult(dest, stored, failed);
    }

    /** The association PixelMed would open, with TCP_NODELAY and the timeouts. */
    private Association open(Destination dest, SetOfDicomFiles set) throws DicomNetException {
        try {
            probe(dest);
            LinkedList<?> contexts = PresentationContextListFactory.createNewPresentationContextList(set, 0);
            return TimedAssociationInitiator.open(dest.host(), dest.port(), dest.aeTitle(), callingAe, contexts, readTimeoutMs);
        } catch (DicomNetworkException | IOException e) {
            throw new DicomNetException("cannot open an association with " + dest + ": " + e, e);
        }
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
