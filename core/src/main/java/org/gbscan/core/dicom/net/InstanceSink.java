package org.gbscan.core.dicom.net;

import java.nio.file.Path;

/**
 * Receives each instance of a C-STORE, synchronously, BEFORE the response is sent: the SCP answers with
 * the returned status, so a sink that makes the file durable (move into a spool, fsync the directory)
 * gives fsync-before-ACK. No PixelMed type appears here.
 */
@FunctionalInterface
public interface InstanceSink {
    /**
     * @param receivedFile      a complete Part 10 file, already fsynced, in the SCP's incoming folder; the sink
     *                          should move it away (same file system, atomic); whatever is left is deleted afterwards
     * @param transferSyntaxUid the transfer syntax of the data set as negotiated
     * @param callingAe         the sender's AE title
     * @return the status for the C-STORE response; an exception counts as {@link StoreStatus#OUT_OF_RESOURCES}
     */
    StoreOutcome accept(Path receivedFile, String transferSyntaxUid, String callingAe);

    /**
     * Called on an association's thread once it is accepted. That association's instances then go to the
     * returned {@link Association}, which is closed when the association ends, however it ends (release,
     * abort, a deadline, a dropped connection), so a sink can tell which instances came together. The
     * default hands every instance to {@link #accept} and does nothing at the end.
     */
    default Association openAssociation(String callingAe) {
        return (receivedFile, transferSyntaxUid) -> accept(receivedFile, transferSyntaxUid, callingAe);
    }

    /** The instances of one association, in order, on its thread. */
    @FunctionalInterface
    interface Association extends AutoCloseable {
        /** As {@link InstanceSink#accept}, for an instance of this association. */
        StoreOutcome accept(Path receivedFile, String transferSyntaxUid);

        /** The association ended; called once, on its thread. */
        @Override
        default void close() {
        }
    }
}
