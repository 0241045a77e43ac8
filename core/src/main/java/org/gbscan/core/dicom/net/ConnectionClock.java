package org.gbscan.core.dicom.net;

/**
 * The deadlines of one connection, checked by {@link StoreScp}'s watchdog, which closes the socket of an
 * expired one (a blocked read then fails, and the association thread is free). Times are
 * {@link System#nanoTime()}; fields are written by the association thread and read by the watchdog.
 */
final class ConnectionClock {
    private static final long NEVER = Long.MAX_VALUE;

    private final PeerLimits limits;
    private volatile long associateBy;
    private volatile long associationEndsAt = NEVER;
    private volatile long pduBy = NEVER;

    ConnectionClock(PeerLimits limits, long now) {
        this.limits = limits;
        this.associateBy = now + limits.associateTimeout().toNanos();
    }

    /** The A-ASSOCIATE-RQ is in: ARTIM stops, the association's own lifetime starts. */
    void associated(long now) {
        associationEndsAt = now + limits.maxAssociationTime().toNanos();
        associateBy = NEVER;
    }

    void pduStarted(long now) {
        pduBy = now + limits.pduTimeout().toNanos();
    }

    void pduFinished() {
        pduBy = NEVER;
    }

    /** Null while in time, otherwise which deadline passed (for the log). */
    String expired(long now) {
        if (now - associateBy > 0 && associateBy != NEVER) {
            return "no complete A-ASSOCIATE-RQ within " + limits.associateTimeout().toMillis() + " ms";
        }
        if (pduBy != NEVER && now - pduBy > 0) {
            return "a PDU took longer than " + limits.pduTimeout().toMillis() + " ms to arrive";
        }
        if (associationEndsAt != NEVER && now - associationEndsAt > 0) {
            return "association longer than " + limits.maxAssociationTime().toMillis() + " ms";
        }
        return null;
    }
}
