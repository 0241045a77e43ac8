package org.gbscan.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA(s) whose client certificates we accept, from a PEM file re-read when it changes, so a CA added
 * or withdrawn by the hospital's PKI applies at the next handshake without a restart, like our own
 * certificate ({@link ReloadingKeyManager}). A change that does not load (half-written file, no
 * certificate in it) keeps the previous CAs and logs why.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTrustManager.class);
    /** One stat call per check; once a second is plenty for a CA change. */
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path caFile;
    private volatile Loaded current;
    private volatile long lastCheck;

    private record Loaded(X509ExtendedTrustManager trust, FileTime time) {
    }

    public ReloadingTrustManager(Path caFile) throws TlsConfigException {
        this.caFile = caFile;
        this.current = load();
        this.lastCheck = System.nanoTime();
    }

    private Loaded load() throws TlsConfigException {
        FileTime time = mtime();
        for (TrustManager tm : TlsPolicy.trustOnly(caFile)) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new Loaded(x, time);
            }
        }
        throw new TlsConfigException("the JDK built no X.509 trust manager from " + caFile);
    }

    private FileTime mtime() throws TlsConfigException {
        try {
            return Files.getLastModifiedTime(caFile);
        } catch (IOException e) {
            throw new TlsConfigException("cannot read " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** Re-reads the file if it changed since the last load. */
    private X509ExtendedTrustManager fresh() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_INTERVAL_NANOS) {
            lastCheck = now;
            try {
                if (!mtime().equals(current.time())) {
                    current = load();
                    log.info("client CA file {} reloaded: {} CA certificate(s) trusted", caFile, current.trust().getAcceptedIssuers().length);
                }
            } catch (TlsConfigException e) {
                log.warn("client CA file changed but cannot be used yet; keeping the previous CAs: {}", e.getMessage());
            }
        }
        return current.trust();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        fresh().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        fresh().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        fresh().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        fresh().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        fresh().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        fresh().checkServerTrusted(chain, authType);
    }

    /** The CAs named in our certificate request: the file's, as of now. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return fresh().getAcceptedIssuers();
    }
}
