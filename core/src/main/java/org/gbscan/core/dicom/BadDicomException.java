package org.gbscan.core.dicom;

/**
 * The one checked exception for DICOM input gbscan cannot use: not DICOM, truncated, inconsistent
 * pixel data, an unsupported transfer syntax or photometric interpretation. The message says which
 * and is safe to show to a user or send back as a DICOM error comment (it never holds patient data).
 */
public class BadDicomException extends Exception {
    public BadDicomException(String message) {
        super(message);
    }

    public BadDicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
