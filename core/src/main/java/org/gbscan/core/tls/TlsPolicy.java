package org.gbscan.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS rules every gbscan endpoint shares (BCP 195 / RFC 9325, which DICOM PS3.15 B.9 "BCP 195 TLS
 * Profile" refers to): TLS 1.3 and 1.2 only, and in 1.2 only forward-secret AEAD suites (ECDHE/DHE with
 * GCM or ChaCha20-Poly1305). Everything older, a TLS 1.0 client for one, fails the handshake.
 */
public final class TlsPolicy {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsPolicy() {
    }

    /** The suites of the JDK that BCP 195 recommends, in the JDK's order of preference. */
    public static String[] cipherSuites(SSLContext context) {
        return Arrays.stream(context.getSupportedSSLParameters().getCipherSuites())
                .filter(TlsPolicy::recommended).toArray(String[]::new);
    }

    static boolean recommended(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true; // TLS 1.3 suites: all AEAD, all forward secret
        }
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return forwardSecret && aead;
    }

    /** Parameters for a socket or engine of this context: protocols and suites above, client auth as asked. */
    public static SSLParameters parameters(SSLContext context, boolean needClientAuth) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(cipherSuites(context));
        p.setNeedClientAuth(needClientAuth);
        return p;
    }

    /** Trust managers that accept exactly the CA certificates in a PEM file (not the JDK's public CAs). */
    public static TrustManager[] trustOnly(Path caPem) throws TlsConfigException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : PemFiles.certificates(caPem)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsConfigException("cannot build a trust store from " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** An SSLContext from our key manager (may be null for a client without a certificate) and trust. */
    public static SSLContext context(KeyManager keys, TrustManager[] trust) throws TlsConfigException {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(keys == null ? null : new KeyManager[] {keys}, trust, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }
}
