package org.gbscan.handoff;

/** A study message that is not a complete gbscan parcel (truncated, foreign, or naming a path). Retrying will not help. */
public final class BadParcelException extends Exception {
    public BadParcelException(String message) {
        super(message);
    }
}
