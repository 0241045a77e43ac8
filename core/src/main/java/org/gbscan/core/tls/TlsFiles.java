package org.gbscan.core.tls;

import java.nio.file.Path;
import java.util.Objects;
import org.gbscan.core.Config;

/**
 * Where a TLS endpoint's PEM files are: {@code tls.cert} (our certificate, chain after it), {@code tls.key}
 * (its unencrypted PKCS#8 key) and, for an endpoint that checks its clients, the CA file they must chain to.
 *
 * @param clientCa null = no client certificate asked for
 */
public record TlsFiles(Path cert, Path key, Path clientCa) {
    public TlsFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** The shared {@code tls.cert} / {@code tls.key}; {@code what} names the switch that asked for TLS. */
    public static TlsFiles from(Config config, String what, String clientCaKey) {
        String cert = config.get("tls.cert", "").trim();
        String key = config.get("tls.key", "").trim();
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException(what + "=true needs tls.cert and tls.key (PEM certificate and PKCS#8 key files)");
        }
        String ca = clientCaKey == null ? "" : config.get(clientCaKey, "").trim();
        return new TlsFiles(Path.of(cert), Path.of(key), ca.isEmpty() ? null : Path.of(ca));
    }

    public ServerTls load() throws TlsConfigException {
        return ServerTls.load(cert, key, clientCa);
    }
}
