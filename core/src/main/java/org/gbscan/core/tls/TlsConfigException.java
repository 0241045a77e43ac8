package org.gbscan.core.tls;

/** A certificate, key or trust file that cannot be used, with the file named in the message. */
public final class TlsConfigException extends Exception {
    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
