package org.gbscan.trainer.eval;

/** Evaluation could not run; the message says which input (model, data, labels, readers, output) to fix. */
public class EvaluationException extends Exception {
    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
