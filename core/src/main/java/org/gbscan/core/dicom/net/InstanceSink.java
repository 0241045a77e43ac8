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
}
