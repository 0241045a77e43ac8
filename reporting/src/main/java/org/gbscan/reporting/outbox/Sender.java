package org.gbscan.reporting.outbox;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;

/**
 * Stores files at a DICOM destination; the outbox's only view of the network. A sender may keep the
 * association of one call open for the next call to the same destination (association set-up costs more
 * than a small object); the outbox says when to let it go with {@link #release}.
 */
@FunctionalInterface
public interface Sender {
    /**
     * @return the files the destination confirmed; the rest are retried later
     * @throws DicomNetException when no association could be made (nothing was stored)
     */
    List<Path> send(Destination destination, List<Path> files) throws DicomNetException;

    /**
     * Ends what an earlier {@link #send} left open to this destination, if anything: called by the outbox
     * when the destination's idle time has passed, after a failed attempt, and when it stops. Never throws.
     */
    default void release(Destination destination) {
    }
}
