package org.gbscan.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 private keys with the JDK alone (no BouncyCastle). */
public final class PemFiles {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {
    }

    /** Every certificate in the file, leaf first (the order of a chain file). */
    public static List<X509Certificate> certificates(Path pem) throws TlsConfigException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new TlsConfigException(pem + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new TlsConfigException("cannot read certificate file " + pem + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new TlsConfigException(pem + " is not a PEM certificate (chain): " + e.getMessage(), e);
        }
    }

    /** An unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"), RSA or EC. */
    public static PrivateKey privateKey(Path pem) throws TlsConfigException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsConfigException("cannot read key file " + pem + ": " + e.getMessage(), e);
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new TlsConfigException(pem + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key'");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new TlsConfigException(pem + " holds a key that is neither RSA, EC nor Ed25519");
    }
}
