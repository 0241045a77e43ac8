package org.gbscan.reporting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.reporting.outbox.Backoff;

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
 * </ul>
 */
public record ReportingSettings(Path outboxDir, List<Destination> destinations, String callingAe, Backoff backoff,
                                int camTopK, String deviceSerial) {
    public ReportingSettings {
        destinations = List.copyOf(destinations);
        if (camTopK < 0) {
            throw new IllegalArgumentException("reporting.cam.topK must be >= 0, got " + camTopK);
        }
    }

    public static ReportingSettings from(Config config) {
        List<Destination> destinations = new ArrayList<>();
        for (int i : config.indices("reporting.pacs")) {
            String p = "reporting.pacs[" + i + "].";
            String ae = config.get(p + "ae", "");
            String host = config.get(p + "host", "");
            if (ae.isEmpty() || host.isEmpty()) {
                throw new IllegalArgumentException(p + "ae and " + p + "host are both needed for a PACS destination");
            }
            destinations.add(new Destination(ae, host, config.getInt(p + "port", 104)));
        }
        return new ReportingSettings(
                config.getPath("reporting.outbox.dir", Path.of("data", "outbox")),
                destinations,
                config.get("reporting.callingAe", "GBSCAN"),
                new Backoff(config.getDuration("reporting.retry.initial", Duration.ofSeconds(1)),
                        config.getDuration("reporting.retry.max", Duration.ofSeconds(60))),
                config.getInt("reporting.cam.topK", 3),
                config.get("reporting.device.serial", hostName()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
