package org.gbscan.inference;

/** The engine failed while scoring (out of memory, native error, scorer closed); not caused by the input's content. */
public class InferenceException extends RuntimeException {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
