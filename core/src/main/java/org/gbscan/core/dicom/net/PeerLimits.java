package org.gbscan.core.dicom.net;

import java.time.Duration;
import java.util.Objects;

/**
 * What a peer may cost the SCP in time and threads. The socket read timeout (idle timeout) only catches a
 * peer that sends nothing; these catch one that sends a byte now and then, and many that do it at once.
 *
 * @param associateTimeout   ARTIM (PS3.8 9.1.5): the whole A-ASSOCIATE-RQ must arrive within this from the
 *                           connection; a real SCU sends it in one go, in milliseconds
 * @param pduTimeout         a PDU whose first byte has arrived must be complete within this; a P-DATA PDU is
 *                           at most twice the offered max PDU (256 KiB by default): 30 s is still 8 KiB/s
 * @param maxAssociationTime no association lasts longer; the last bound on a peer that sends tiny PDUs slowly
 * @param maxPerPeer         connections (negotiating or associated) from one IP address at a time; the next
 *                           is closed at once, so one address cannot take every thread. 8 of the default 16
 *                           threads: a PACS pushing with several associations still fits, one peer cannot
 *                           take more than half
 */
public record PeerLimits(Duration associateTimeout, Duration pduTimeout, Duration maxAssociationTime, int maxPerPeer) {
    public static final PeerLimits DEFAULT = new PeerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1), 8);

    public PeerLimits {
        requirePositive(associateTimeout, "associateTimeout");
        requirePositive(pduTimeout, "pduTimeout");
        requirePositive(maxAssociationTime, "maxAssociationTime");
        if (maxPerPeer < 1) {
            throw new IllegalArgumentException("maxPerPeer must be at least 1, got " + maxPerPeer);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
