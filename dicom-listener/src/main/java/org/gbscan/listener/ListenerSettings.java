package org.gbscan.listener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gbscan.core.Config;
import org.gbscan.core.SopClass;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.core.dicom.net.PeerLimits;
import org.gbscan.core.dicom.net.CallerPolicy;
import org.gbscan.core.dicom.net.ScpSettings;
import org.gbscan.core.tls.TlsConfigException;
import org.gbscan.core.tls.TlsFiles;

/**
 * The listener's configuration, read from {@code listener.*} keys with these defaults:
 * <pre>
 * listener.ae                 GBSCAN        called AE title
 * listener.host               0.0.0.0       bind address
 * listener.port               11112
 * listener.allowedCallingAes  (empty)       comma list of AE or AE@host[|host]; nobody else may associate
 * listener.allowAnyCaller     false         true opens the port to every caller (logged as a warning)
 * listener.sopClasses         US_IMAGE,US_MULTIFRAME_IMAGE,SECONDARY_CAPTURE,VL_PHOTOGRAPHIC (names or UIDs)
 * listener.maxPdu             131072
 * listener.maxInstanceBytes   536870912     (512 MiB)
 * listener.spool.dir          data/spool
 * listener.settle             5s            a study is complete after this long without a new instance
 * listener.threads            16            concurrent associations
 * listener.idleTimeout        60s           a silent peer is dropped
 * listener.settle.max         5m            a study still receiving instances is delivered this long after its first one
 *                                           (default: 5m or listener.settle if that is longer)
 * listener.maxDeliveries      3             a study handed on this often without being finished is parked as failed
 * listener.spool.retention    24h           a done (or parked) study's instance files are deleted this long after its
 *                                           last change; 0s = at once; pending studies are never deleted
 * listener.associateTimeout   10s           ARTIM: the whole A-ASSOCIATE-RQ must arrive within this, and the peer must
 *                                           close the connection within this after our A-RELEASE-RP
 * listener.pduTimeout         30s           a PDU that has started must be complete within this (slow-drip peers)
 * listener.maxAssociationTime 1h            no association lasts longer
 * listener.maxPerPeer         8             connections from one IP address at a time
 * listener.image.maxRows      4096          } image limits, checked on the header before the ACK
 * listener.image.maxColumns   4096          } and before any pixel is decoded
 * listener.image.maxFrames    3600          }
 * listener.image.maxDecodedBytes 2147483648 }
 * listener.maxNestingDepth    32            deepest sequence nesting accepted
 * listener.tls                false         true: DICOM TLS (tls.cert, tls.key) instead of clear text
 * listener.tls.clientCa       (empty)       PEM CA file: peers must present a certificate it issued
 * </pre>
 */
public record ListenerSettings(String aeTitle, String host, int port, List<String> allowedCallingAes,
                               boolean allowAnyCaller, Set<String> sopClasses, int maxPdu, long maxInstanceBytes, Path spoolDir,
                               Duration settle, int threads, Duration idleTimeout, Duration settleMax,
                               int maxDeliveries, PeerLimits peerLimits, ImageLimits imageLimits, TlsFiles tls,
                               Duration spoolRetention) {
    public ListenerSettings {
        allowedCallingAes = List.copyOf(allowedCallingAes);
        CallerPolicy.of(allowedCallingAes); // fail at start on a malformed entry, not at the first association
        sopClasses = Set.copyOf(sopClasses);
        if (settle.isNegative() || settle.isZero()) {
            throw new IllegalArgumentException("listener.settle must be positive, got " + settle);
        }
        if (settleMax.compareTo(settle) < 0) {
            throw new IllegalArgumentException("listener.settle.max (" + settleMax + ") must be at least listener.settle (" + settle + ")");
        }
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("listener.maxDeliveries must be at least 1, got " + maxDeliveries);
        }
        if (spoolRetention.isNegative()) {
            throw new IllegalArgumentException("listener.spool.retention must be 0s or more, got " + spoolRetention);
        }
    }

    public static ListenerSettings from(Config c) {
        Duration settle = c.getDuration("listener.settle", Duration.ofSeconds(5));
        Duration settleMaxDefault = settle.compareTo(Duration.ofMinutes(5)) > 0 ? settle : Duration.ofMinutes(5);
        return new ListenerSettings(
                c.get("listener.ae", "GBSCAN"),
                c.get("listener.host", "0.0.0.0"),
                c.getInt("listener.port", 11112),
                c.getList("listener.allowedCallingAes", List.of()),
                c.getBoolean("listener.allowAnyCaller", false),
                sopClasses(c.getList("listener.sopClasses", List.of())),
                c.getInt("listener.maxPdu", 131072),
                c.getLong("listener.maxInstanceBytes", 512L * 1024 * 1024),
                c.getPath("listener.spool.dir", Path.of("data", "spool")),
                settle,
                c.getInt("listener.threads", 16),
                c.getDuration("listener.idleTimeout", Duration.ofSeconds(60)),
                c.getDuration("listener.settle.max", settleMaxDefault),
                c.getInt("listener.maxDeliveries", 3),
                new PeerLimits(c.getDuration("listener.associateTimeout", PeerLimits.DEFAULT.associateTimeout()),
                        c.getDuration("listener.pduTimeout", PeerLimits.DEFAULT.pduTimeout()),
                        c.getDuration("listener.maxAssociationTime", PeerLimits.DEFAULT.maxAssociationTime()),
                        c.getInt("listener.maxPerPeer", PeerLimits.DEFAULT.maxPerPeer())),
                ImageLimits.from(c),
                c.getBoolean("listener.tls", false) ? TlsFiles.from(c, "listener.tls", "listener.tls.clientCa") : null,
                c.getDuration("listener.spool.retention", Duration.ofHours(24)));
    }

    private static Set<String> sopClasses(List<String> configured) {
        if (configured.isEmpty()) {
            return ScpSettings.DEFAULT_SOP_CLASSES;
        }
        Set<String> uids = new LinkedHashSet<>();
        for (String entry : configured) {
            if (Uids.isValid(entry)) {
                uids.add(entry);
            } else {
                try {
                    uids.add(SopClass.valueOf(entry.toUpperCase(Locale.ROOT)).uid());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("listener.sopClasses: '" + entry + "' is neither a UID nor one of "
                            + List.of(SopClass.values()), e);
                }
            }
        }
        return uids;
    }

    /**
     * The SCP part; instances arrive in the spool's incoming folder (same file system, so moves are atomic).
     * Reads the TLS files now, so a wrong certificate or key stops the start with the file named.
     */
    public ScpSettings scpSettings(Path incomingDir) throws TlsConfigException {
        return new ScpSettings(aeTitle, host, port, callerPolicy(), sopClasses, maxPdu, maxInstanceBytes,
                threads, idleTimeout, incomingDir, peerLimits, tls == null ? null : tls.load());
    }

    /** Closed unless allowAnyCaller: only the listed AE titles (from their listed hosts) may associate. */
    public CallerPolicy callerPolicy() {
        return allowAnyCaller ? CallerPolicy.ANYONE : CallerPolicy.of(allowedCallingAes);
    }

    public ListenerSettings withPort(int newPort) {
        return new ListenerSettings(aeTitle, host, newPort, allowedCallingAes, allowAnyCaller, sopClasses, maxPdu, maxInstanceBytes,
                spoolDir, settle, threads, idleTimeout, settleMax, maxDeliveries, peerLimits, imageLimits, tls, spoolRetention);
    }
}
