package org.gbscan.core.dicom.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gbscan.core.SopClass;
import org.gbscan.core.tls.ServerTls;

/**
 * How the Storage SCP listens and what it accepts.
 *
 * @param bindHost           interface to listen on ("0.0.0.0" = all, "127.0.0.1" = loopback only)
 * @param port               TCP port; 0 picks a free one (tests)
 * @param callers            who may associate; others get A-ASSOCIATE-RJ "calling AE not recognized"
 * @param acceptedSopClasses storage SOP class UIDs accepted; others are rejected per presentation context
 * @param maxPdu             maximum P-DATA PDU length we offer to receive
 * @param maxInstanceBytes   a larger data set is discarded while it arrives and answered with 0xA700
 * @param maxAssociations    concurrent associations; one more is rejected "local limit exceeded" (transient)
 * @param idleTimeout        a peer silent this long is dropped
 * @param incomingDir        where instances are written while they arrive; must be on the sink's file system
 * @param peerLimits         deadlines and the per-address cap that keep slow or silent peers from holding threads
 * @param tls                null = DICOM in clear text; else DICOM TLS (PS3.15 B.9 BCP 195 profile) on this port
 */
public record ScpSettings(String calledAe, String bindHost, int port, CallerPolicy callers,
                          Set<String> acceptedSopClasses, int maxPdu, long maxInstanceBytes, int maxAssociations,
                          Duration idleTimeout, Path incomingDir, PeerLimits peerLimits, ServerTls tls) {
    /** Ultrasound, Ultrasound Multi-frame, Secondary Capture, VL Photographic. */
    public static final Set<String> DEFAULT_SOP_CLASSES = Set.of(SopClass.US_IMAGE.uid(),
            SopClass.US_MULTIFRAME_IMAGE.uid(), SopClass.SECONDARY_CAPTURE.uid(), SopClass.VL_PHOTOGRAPHIC.uid());

    public ScpSettings {
        calledAe = AeTitles.requireValid(calledAe, "called AE title");
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(callers, "callers");
        acceptedSopClasses = Set.copyOf(acceptedSopClasses);
        if (maxPdu < 4096 || maxPdu > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxPdu must be 4096..16777216 bytes, got " + maxPdu);
        }
        if (maxInstanceBytes < 1024) {
            throw new IllegalArgumentException("maxInstanceBytes must be at least 1024, got " + maxInstanceBytes);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1, got " + maxAssociations);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(incomingDir, "incomingDir");
        Objects.requireNonNull(peerLimits, "peerLimits");
    }

    /** Loopback, any free port, default SOP classes, any caller (tests say so explicitly by using this). */
    public static ScpSettings loopback(String calledAe, Path incomingDir) {
        return new ScpSettings(calledAe, "127.0.0.1", 0, CallerPolicy.ANYONE, DEFAULT_SOP_CLASSES, 131072,
                512L * 1024 * 1024, 16, Duration.ofSeconds(60), incomingDir, PeerLimits.DEFAULT, null);
    }

    public ScpSettings withAllowedCallingAes(List<String> aes) {
        return new ScpSettings(calledAe, bindHost, port, CallerPolicy.of(aes), acceptedSopClasses, maxPdu, maxInstanceBytes,
                maxAssociations, idleTimeout, incomingDir, peerLimits, tls);
    }

    public ScpSettings withMaxInstanceBytes(long bytes) {
        return new ScpSettings(calledAe, bindHost, port, callers, acceptedSopClasses, maxPdu, bytes,
                maxAssociations, idleTimeout, incomingDir, peerLimits, tls);
    }

    public ScpSettings withMaxAssociations(int n) {
        return new ScpSettings(calledAe, bindHost, port, callers, acceptedSopClasses, maxPdu, maxInstanceBytes,
                n, idleTimeout, incomingDir, peerLimits, tls);
    }

    public ScpSettings withIdleTimeout(Duration timeout) {
        return new ScpSettings(calledAe, bindHost, port, callers, acceptedSopClasses, maxPdu, maxInstanceBytes,
                maxAssociations, timeout, incomingDir, peerLimits, tls);
    }

    public ScpSettings withPeerLimits(PeerLimits limits) {
        return new ScpSettings(calledAe, bindHost, port, callers, acceptedSopClasses, maxPdu, maxInstanceBytes,
                maxAssociations, idleTimeout, incomingDir, limits, tls);
    }

    public ScpSettings withTls(ServerTls serverTls) {
        return new ScpSettings(calledAe, bindHost, port, callers, acceptedSopClasses, maxPdu, maxInstanceBytes,
                maxAssociations, idleTimeout, incomingDir, peerLimits, serverTls);
    }

    boolean callerAllowed(String callingAe, java.net.InetAddress from) {
        return callers.allows(callingAe, from);
    }
}
