package org.gbscan.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our certificate and key from two PEM files, re-read when either file changes, so a renewed certificate
 * (certbot, the hospital's PKI) takes effect at the next handshake without a restart. A change that does
 * not load (half-written file, key not matching) keeps the previous pair and logs why.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);
    private static final String ALIAS = "gbscan";
    /** Checking mtimes costs two stat calls; once a second is plenty for a certificate renewal. */
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path certFile;
    private final Path keyFile;
    private volatile Loaded current;
    private volatile long lastCheck;

    private record Loaded(X509Certificate[] chain, PrivateKey key, FileTime certTime, FileTime keyTime) {
    }

    public ReloadingKeyManager(Path certFile, Path keyFile) throws TlsConfigException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.current = load();
        this.lastCheck = System.nanoTime();
    }

    private Loaded load() throws TlsConfigException {
        FileTime certTime = mtime(certFile);
        FileTime keyTime = mtime(keyFile);
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())
                && !(key.getAlgorithm().equals("EC") && chain.get(0).getPublicKey().getAlgorithm().equals("EC"))) {
            throw new TlsConfigException("the key in " + keyFile + " (" + key.getAlgorithm() + ") does not belong to the certificate in "
                    + certFile + " (" + chain.get(0).getPublicKey().getAlgorithm() + ")");
        }
        return new Loaded(chain.toArray(X509Certificate[]::new), key, certTime, keyTime);
    }

    private static FileTime mtime(Path p) throws TlsConfigException {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new TlsConfigException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Re-reads the files if they changed since the last load. */
    private Loaded fresh() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return current;
        }
        lastCheck = now;
        Loaded was = current;
        try {
            if (!mtime(certFile).equals(was.certTime()) || !mtime(keyFile).equals(was.keyTime())) {
                current = load();
                log.info("TLS certificate reloaded from {} (subject {}, valid until {})", certFile,
                        current.chain()[0].getSubjectX500Principal().getName(), current.chain()[0].getNotAfter().toInstant());
            }
        } catch (TlsConfigException e) {
            log.warn("TLS certificate files changed but cannot be used yet; keeping the previous pair: {}", e.getMessage());
        }
        return current;
    }

    /** The certificate served right now. */
    public X509Certificate certificate() {
        return fresh().chain()[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        fresh();
        return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        fresh();
        return ALIAS;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        fresh();
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        fresh();
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return current.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.key();
    }
}
