package org.gbscan.core.dicom.net;

import java.util.Objects;

/** A remote DICOM application entity: who to call and where. */
public record Destination(String aeTitle, String host, int port) {
    public Destination {
        AeTitles.requireValid(aeTitle, "called AE title");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
