package org.gbscan.core.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Sends one message per audit event as RFC 5424 syslog to the hospital's audit record repository (IHE
 * ATNA): over UDP (RFC 5426, one datagram each) or TCP (RFC 6587 octet counting, one connection kept
 * open and re-opened on failure). Facility 10 (security/authorization), severity notice or warning.
 * Not thread-safe: called from the audit trail's single writer thread.
 */
public final class SyslogSender implements AutoCloseable {
    private static final int FACILITY_AUTHPRIV = 10;
    private static final int NOTICE = 5;
    private static final int WARNING = 4;
    /** UDP payloads above this are truncated (RFC 5426 suggests staying under the path MTU; 8 KiB is common). */
    private static final int MAX_UDP = 8192;

    public enum Protocol { UDP, TCP }

    private final InetSocketAddress target;
    private final Protocol protocol;
    private final String hostName;
    private DatagramSocket udp;
    private Socket tcp;

    public SyslogSender(String host, int port, Protocol protocol, String hostName) {
        this.target = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.hostName = hostName == null || hostName.isBlank() ? "-" : hostName.replace(' ', '_');
    }

    public static Protocol protocol(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "udp", "" -> Protocol.UDP;
            case "tcp" -> Protocol.TCP;
            default -> throw new IllegalArgumentException("audit.syslog.protocol must be udp or tcp, got '" + name + "'");
        };
    }

    /** RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME gbscan - MSGID - MSG}. */
    String format(Instant when, boolean success, String msgId, String message) {
        int pri = FACILITY_AUTHPRIV * 8 + (success ? NOTICE : WARNING);
        return "<" + pri + ">1 " + DateTimeFormatter.ISO_INSTANT.format(when) + " " + hostName + " gbscan - "
                + msgId.replace(' ', '_') + " - " + message;
    }

    public void send(Instant when, boolean success, String msgId, String message) throws IOException {
        byte[] bytes = format(when, success, msgId, message).getBytes(StandardCharsets.UTF_8);
        if (protocol == Protocol.UDP) {
            if (udp == null) {
                udp = new DatagramSocket();
            }
            udp.send(new DatagramPacket(bytes, Math.min(bytes.length, MAX_UDP), target));
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                if (tcp == null) {
                    tcp = new Socket();
                    tcp.connect(target, 5000);
                }
                OutputStream out = tcp.getOutputStream();
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                return;
            } catch (IOException e) {
                closeTcp();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void closeTcp() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // a broken connection; a new one is opened next time
            }
            tcp = null;
        }
    }

    @Override
    public void close() {
        closeTcp();
        if (udp != null) {
            udp.close();
        }
    }
}
