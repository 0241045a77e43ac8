package org.gbscan.core.dicom;

/**
 * The data set names another SOP instance or class than the one it was announced as (the C-STORE command,
 * copied into the file meta information). Storing it would acknowledge one UID and keep another.
 */
public final class InstanceMismatchException extends BadDicomException {
    public InstanceMismatchException(String message) {
        super(message);
    }
}
