package org.gbscan.app.pipeline;

/** A study none of whose instances can be scored (all unreadable or not images). Retrying will not help. */
public final class UnusableStudyException extends Exception {
    public UnusableStudyException(String message) {
        super(message);
    }
}
