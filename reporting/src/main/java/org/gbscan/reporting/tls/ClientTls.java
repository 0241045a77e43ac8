package org.gbscan.reporting.tls;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.gbscan.core.tls.ReloadingKeyManager;
import org.gbscan.core.tls.TlsConfigException;
import org.gbscan.core.tls.TlsPolicy;

/**
 * How we reach one PACS over DICOM TLS: the CA(s) we trust for its certificate (PEM) and, when the PACS
 * asks for one, our own certificate (tls.cert / tls.key). The PACS certificate must name its host.
 */
public record ClientTls(SSLContext context, SSLParameters parameters) {
    public ClientTls {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** @param cert null = we present no client certificate */
    public static ClientTls load(Path trustedCa, Path cert, Path key) throws TlsConfigException {
        SSLContext context = TlsPolicy.context(cert == null ? null : new ReloadingKeyManager(cert, key), TlsPolicy.trustOnly(trustedCa));
        SSLParameters parameters = TlsPolicy.parameters(context, false);
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 host-name check, as BCP 195 asks
        return new ClientTls(context, parameters);
    }
}
