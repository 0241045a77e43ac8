package org.gbscan.core.tls;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A TLS server endpoint: our certificate and key (PEM, reloaded when they change) and, optionally, the CA
 * whose certificates a client must present (also reloaded when its file changes). Built once at start so a
 * wrong file stops the service there.
 *
 * @param clientCa null = clients are not asked for a certificate; else only clients with a certificate
 *                 issued by one of these CAs complete the handshake
 */
public record ServerTls(Path cert, Path key, Path clientCa, SSLContext context, ReloadingKeyManager keys) {
    public ServerTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(keys, "keys");
    }

    public static ServerTls load(Path cert, Path key, Path clientCa) throws TlsConfigException {
        ReloadingKeyManager keys = new ReloadingKeyManager(cert, key);
        SSLContext context = TlsPolicy.context(keys, clientCa == null ? null
                : new TrustManager[] {new ReloadingTrustManager(clientCa)});
        return new ServerTls(cert, key, clientCa, context, keys);
    }

    public boolean needClientAuth() {
        return clientCa != null;
    }

    public SSLParameters parameters() {
        return TlsPolicy.parameters(context, needClientAuth());
    }
}
