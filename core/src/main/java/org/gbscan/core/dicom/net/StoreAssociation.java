package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.TimedAssociationInitiator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One C-STORE association with a destination, open for several batches of files. Association set-up and
 * release cost more than storing a small object (Orthanc here: 16 objects/s with one association per object,
 * 52 in one), so a sender that keeps one open pays them once for many studies. Opened by
 * {@link StoreScu#open}; not thread-safe: one sender owns it, and closes it.
 */
public final class StoreAssociation implements AutoCloseable {
    /** A SOP class with the transfer syntax its files are encoded in: what a presentation context is proposed for. */
    public record Syntax(String sopClassUid, String transferSyntaxUid) {
        public Syntax {
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        }
    }

    private final Destination destination;
    private final TimedAssociationInitiator association;
    private final Set<Syntax> proposed;
    private boolean broken;
    private boolean closed;
    private int batches;

    StoreAssociation(Destination destination, TimedAssociationInitiator association, Set<Syntax> proposed) {
        this.destination = destination;
        this.association = association;
        this.proposed = Set.copyOf(proposed);
    }

    public Destination destination() {
        return destination;
    }

    /** The SOP class and transfer syntax pairs proposed when this association was opened. */
    public Set<Syntax> proposed() {
        return proposed;
    }

    /** Batches sent on this association so far. */
    public int batchesSent() {
        return batches;
    }

    /**
     * Whether the next batch can go on this association: it is still open, no send on it failed at the
     * connection level, and the peer has not ended it while it sat idle (a PACS's own idle timer).
     */
    public boolean isUsable() {
        return !closed && !broken && !association.endedByPeer();
    }

    /** Whether a presentation context was proposed for every SOP class and transfer syntax of these files. */
    public boolean covers(List<Path> files) {
        return proposed.containsAll(StoreBatch.read(files).syntaxes);
    }

    /**
     * C-STOREs the files, each in its turn, and reports each one. A file the peer refuses fails alone; a
     * connection that fails (a timeout, the peer gone) fails the rest of the batch and makes the association
     * unusable. Unreadable files are reported as failed without being sent.
     */
    public SendResult send(List<Path> files) {
        if (closed) {
            throw new IllegalStateException("association with " + destination + " is closed");
        }
        return send(StoreBatch.read(files));
    }

    SendResult send(StoreBatch batch) {
        List<SendResult.Failed> failed = new ArrayList<>(batch.unreadable);
        List<SendResult.Sent> stored = new ArrayList<>();
        if (batch.isEmpty()) {
            return new SendResult(destination, stored, failed);
        }
        Map<String, Boolean> outcome = new ConcurrentHashMap<>();
        MultipleInstanceTransferStatusHandlerWithFileName handler = new MultipleInstanceTransferStatusHandlerWithFileName() {
            @Override
            public void updateStatus(int remaining, int completed, int failures, int warnings, String sopInstanceUid,
                                     String fileName, boolean success) {
                outcome.put(fileName, success);
            }
        };
        batches++;
        // this constructor traps its exceptions (a timed-out response, a closed connection); outcomes arrive through the handler
        StorageSOPClassSCU scu = new StorageSOPClassSCU(association, batch.set, handler);
        if (scu.encounteredTrappedExceptions()) {
            broken = true;
        }
        for (Map.Entry<String, Path> e : batch.byName.entrySet()) {
            Boolean ok = outcome.get(e.getKey());
            if (Boolean.TRUE.equals(ok)) {
                stored.add(new SendResult.Sent(e.getValue(), batch.sopOf.get(e.getKey())));
            } else {
                failed.add(new SendResult.Failed(e.getValue(), batch.sopOf.get(e.getKey()),
                        ok == null ? "not confirmed (association ended or no presentation context)" : "refused by " + destination.aeTitle()));
            }
        }
        return new SendResult(destination, stored, failed);
    }

    /** Releases the association, or aborts it when it failed (a peer that stopped answering may never answer a release). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (broken || association.endedByPeer()) {
                association.abort();
            } else {
                association.release();
            }
        } catch (DicomNetworkException e) {
            // the peer is gone or did not answer the release: nothing is owed to it, the socket is closed below
        } finally {
            association.closeSocket();
        }
    }

    /** The presentation contexts for these pairs, as PixelMed would propose them for files of that kind. */
    static SetOfDicomFiles exemplars(Set<Syntax> syntaxes) {
        SetOfDicomFiles set = new SetOfDicomFiles();
        int i = 0;
        for (Syntax s : syntaxes) {
            set.add("exemplar-" + i++, s.sopClassUid(), "2.25." + i, s.transferSyntaxUid());
        }
        return set;
    }
}
