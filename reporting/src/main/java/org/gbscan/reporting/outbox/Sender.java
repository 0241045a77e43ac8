package org.gbscan.reporting.outbox;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;

/** Stores files at a DICOM destination in one association; the outbox's only view of the network. */
@FunctionalInterface
public interface Sender {
    /**
     * @return the files the destination confirmed; the rest are retried later
     * @throws DicomNetException when no association could be made (nothing was stored)
     */
    List<Path> send(Destination destination, List<Path> files) throws DicomNetException;
}
