package org.gbscan.reporting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.StoreScu;
import org.gbscan.reporting.outbox.Backoff;
import org.gbscan.reporting.outbox.Outbox;

/**
 * The reporting module's configuration keys and their defaults.
 *
 * <ul>
 *   <li>{@code reporting.outbox.dir} (default {@code data/outbox}): where results wait for the PACS</li>
 *   <li>{@code reporting.pacs[i].ae}, {@code .host}, {@code .port} (default port 104): destinations, any number</li>
 *   <li>{@code reporting.callingAe} (default {@code GBSCAN}): our AE title when we send</li>
 *   <li>{@code reporting.retry.initial} (1s), {@code reporting.retry.max} (60s): exponential backoff</li>
 *   <li>{@code reporting.cam.topK} (3): CAM Secondary Captures per study</li>
 *   <li>{@code reporting.device.serial} (host name): serial number of the device observer in the SR</li>
 *   <li>{@code reporting.timeout.connect} (5s), {@code reporting.timeout.read} (30s): per association; a PACS
 *       that does not accept, or accepts and never answers, fails the attempt, which is retried with backoff</li>
 *   <li>{@code reporting.outbox.maxAge} (7d): results older than this are deleted from the outbox whether or not
 *       every destination confirmed them (nothing with patient data is kept forever; /health is DOWN long before)</li>
 *   <li>{@code reporting.pacs[i].association.idle} (10s): how long the association to that destination stays open
 *       after a send for the next study's results; 0s closes it after every send</li>
 * </ul>
 *
 * @param associationIdle per destination (all configured ones), the time its association stays open after a send
 */
public record ReportingSettings(Path outboxDir, List<Destination> destinations, String callingAe, Backoff backoff,
                                int camTopK, String deviceSerial, Duration connectTimeout, Duration readTimeout,
                                Duration outboxMaxAge, Map<Destination, Duration> associationIdle) {
    public ReportingSettings {
        destinations = List.copyOf(destinations);
        associationIdle = Map.copyOf(associationIdle);
        for (Map.Entry<Destination, Duration> e : associationIdle.entrySet()) {
            if (e.getValue().isNegative()) {
                throw new IllegalArgumentException("association idle time of " + e.getKey() + " must not be negative, got " + e.getValue());
            }
        }
        if (camTopK < 0) {
            throw new IllegalArgumentException("reporting.cam.topK must be >= 0, got " + camTopK);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("reporting.timeout.connect and reporting.timeout.read must be positive, got "
                    + connectTimeout + " and " + readTimeout);
        }
        if (outboxMaxAge.isNegative() || outboxMaxAge.isZero()) {
            throw new IllegalArgumentException("reporting.outbox.maxAge must be positive, got " + outboxMaxAge);
        }
    }

    /** With the default send timeouts. */
    public ReportingSettings(Path outboxDir, List<Destination> destinations, String callingAe, Backoff backoff,
                             int camTopK, String deviceSerial) {
        this(outboxDir, destinations, callingAe, backoff, camTopK, deviceSerial, StoreScu.DEFAULT_CONNECT_TIMEOUT,
                StoreScu.DEFAULT_READ_TIMEOUT, Outbox.DEFAULT_MAX_AGE, Map.of());
    }

    public static ReportingSettings from(Config config) {
        List<Destination> destinations = new ArrayList<>();
        Map<Destination, Duration> idle = new LinkedHashMap<>();
        for (int i : config.indices("reporting.pacs")) {
            String p = "reporting.pacs[" + i + "].";
            String ae = config.get(p + "ae", "");
            String host = config.get(p + "host", "");
            if (ae.isEmpty() || host.isEmpty()) {
                throw new IllegalArgumentException(p + "ae and " + p + "host are both needed for a PACS destination");
            }
            Destination d = new Destination(ae, host, config.getInt(p + "port", 104));
            destinations.add(d);
            idle.put(d, config.getDuration(p + "association.idle", Outbox.DEFAULT_ASSOCIATION_IDLE));
        }
        return new ReportingSettings(
                config.getPath("reporting.outbox.dir", Path.of("data", "outbox")),
                destinations,
                config.get("reporting.callingAe", "GBSCAN"),
                new Backoff(config.getDuration("reporting.retry.initial", Duration.ofSeconds(1)),
                        config.getDuration("reporting.retry.max", Duration.ofSeconds(60))),
                config.getInt("reporting.cam.topK", 3),
                config.get("reporting.device.serial", hostName()),
                config.getDuration("reporting.timeout.connect", StoreScu.DEFAULT_CONNECT_TIMEOUT),
                config.getDuration("reporting.timeout.read", StoreScu.DEFAULT_READ_TIMEOUT),
                config.getDuration("reporting.outbox.maxAge", Outbox.DEFAULT_MAX_AGE),
                idle);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
