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
 * listener.spool.dir          spool
 * listener.settle             5s            a study is complete after this long without a new instance
 * listener.threads            16            concurrent associations
 * listener.idleTimeout        60s           a silent peer is dropped
 * listener.tls                false         true: DICOM TLS (tls.cert, tls.key) instead of clear text
 * listener.tls.clientCa       (empty)       PEM CA file: peers must present a certificate it issued
 * </pre>
 */
public record ListenerSettings(String aeTitle, String host, int port, List<String> allowedCallingAes,
                               boolean allowAnyCaller, Set<String> sopClasses, int maxPdu, long maxInstanceBytes, Path spoolDir,
                               Duration settle, int threads, Duration idleTimeout, TlsFiles tls) {
    public ListenerSettings {
        allowedCallingAes = List.copyOf(allowedCallingAes);
        CallerPolicy.of(allowedCallingAes); // fail at start on a malformed entry, not at the first association
        sopClasses = Set.copyOf(sopClasses);
        if (settle.isNegative() || settle.isZero()) {
            throw new IllegalArgumentException("listener.settle must be positive, got " + settle);
        }
    }

    public static ListenerSettings from(Config c) {
        return new ListenerSettings(
                c.get("listener.ae", "GBSCAN"),
                c.get("listener.host", "0.0.0.0"),
                c.getInt("listener.port", 11112),
                c.getList("listener.allowedCallingAes", List.of()),
                c.getBoolean("listener.allowAnyCaller", false),
                sopClasses(c.getList("listener.sopClasses", List.of())),
                c.getInt("listener.maxPdu", 131072),
                c.getLong("listener.maxInstanceBytes", 512L * 1024 * 1024),
                c.getPath("listener.spool.dir", Path.of("spool")),
                c.getDuration("listener.settle", Duration.ofSeconds(5)),
                c.getInt("listener.threads", 16),
                c.getDuration("listener.idleTimeout", Duration.ofSeconds(60)),
                c.getBoolean("listener.tls", false) ? TlsFiles.from(c, "listener.tls", "listener.tls.clientCa") : null);
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
                threads, idleTimeout, incomingDir, tls == null ? null : tls.load());
    }

    /** Closed unless allowAnyCaller: only the listed AE titles (from their listed hosts) may associate. */
    public CallerPolicy callerPolicy() {
        return allowAnyCaller ? CallerPolicy.ANYONE : CallerPolicy.of(allowedCallingAes);
    }

    public ListenerSettings withPort(int newPort) {
        return new ListenerSettings(aeTitle, host, newPort, allowedCallingAes, allowAnyCaller, sopClasses, maxPdu, maxInstanceBytes,
                spoolDir, settle, threads, idleTimeout, tls);
    }
}
