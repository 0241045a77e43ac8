package org.gbscan.core.dicom;

/**
 * Well-formed DICOM that asks for more than {@link ImageLimits} allow (or nests deeper). A receiver answers
 * it with "out of resources" rather than "cannot understand": the object may be valid, we will not spend
 * the memory on it.
 */
public final class LimitExceededException extends BadDicomException {
    public LimitExceededException(String message) {
        super(message);
    }
}
