package org.gbscan.core.dicom.net;

/** A DICOM peer could not be reached or broke the association; the message says which and is safe to log. */
public class DicomNetException extends Exception {
    public DicomNetException(String message) {
        super(message);
    }

    public DicomNetException(String message, Throwable cause) {
        super(message, cause);
    }
}
