package org.gbscan.reporting.tls;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.tls.TlsConfigException;

/**
 * {@code reporting.pacs[i].tls=true} and {@code reporting.pacs[i].tls.trust} (PEM CA file) per destination;
 * our client certificate is the shared {@code tls.cert} / {@code tls.key} when set.
 */
public final class PacsTls {
    private PacsTls() {
    }

    public static Map<Destination, ClientTls> from(Config config) throws TlsConfigException {
        Map<Destination, ClientTls> out = new HashMap<>();
        String cert = config.get("tls.cert", "").trim();
        String key = config.get("tls.key", "").trim();
        for (int i : config.indices("reporting.pacs")) {
            String p = "reporting.pacs[" + i + "].";
            if (!config.getBoolean(p + "tls", false)) {
                continue;
            }
            String trust = config.get(p + "tls.trust", "").trim();
            if (trust.isEmpty()) {
                throw new IllegalArgumentException(p + "tls=true needs " + p + "tls.trust (PEM file of the CA that issued the PACS certificate)");
            }
            Destination d = new Destination(config.get(p + "ae", ""), config.get(p + "host", ""), config.getInt(p + "port", 104));
            out.put(d, ClientTls.load(Path.of(trust), cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key)));
        }
        return out;
    }
}
