package org.gbscan.trainer.train;

/** Training could not run or finish; the message says what to fix (data, labels, options, disk). */
public class TrainingException extends Exception {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
