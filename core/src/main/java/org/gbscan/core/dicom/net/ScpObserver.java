package org.gbscan.core.dicom.net;

/**
 * Callbacks for metrics and logs; every method is optional and must return quickly. Called on association
 * threads. Carries AE titles and counts only, never patient data.
 */
public interface ScpObserver {
    ScpObserver NONE = new ScpObserver() {
    };

    default void associationAccepted(String callingAe) {
    }

    /** @param reason e.g. "calling-ae-not-allowed", "called-ae-unknown", "busy", "malformed-request" */
    default void associationRejected(String callingAe, String reason) {
    }

    /** @param reason e.g. "released", "aborted", "protocol-error" */
    default void associationEnded(String callingAe, String reason) {
    }

    /** The watchdog closed a connection whose deadline passed (ARTIM, a slow PDU, the association's lifetime). */
    default void connectionDropped(String reason) {
    }

    /**
     * Every association attempt once decided, with the peer's IP address, for the audit trail.
     *
     * @param reason empty when accepted; else as {@link #associationRejected}
     */
    default void associationDecided(String callingAe, String peerAddress, boolean accepted, String reason) {
    }

    default void instanceStored(String callingAe, long bytes) {
    }

    default void instanceRefused(String callingAe, StoreStatus status) {
    }
}
