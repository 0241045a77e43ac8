package org.gbscan.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RFC 5424 messages, framed by octet counting over TCP (RFC 6587 3.4.1), as an audit repository reads them. */
class SyslogSenderTest {
    @Test
    void sendsOctetCountedRfc5424MessagesOverOneTcpConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> readFrames(server, 2));
            try (SyslogSender sender = new SyslogSender("127.0.0.1", server.getLocalPort(), SyslogSender.Protocol.TCP, "site a")) {
                sender.send(Instant.parse("2026-12-01T00:00:00Z"), true, "QUERY", "{\"resourceType\":\"AuditEvent\"}");
                sender.send(Instant.parse("2026-12-01T00:00:01Z"), false, "DICOM_ASSOCIATION", "refused é");
            }

            List<String> frames = received.get(10, TimeUnit.SECONDS);
            assertThat(frames.get(0)).isEqualTo("<85>1 2026-12-01T00:00:00Z site_a gbscan - QUERY - {\"resourceType\":\"AuditEvent\"}");
            assertThat(frames.get(1)).isEqualTo("<84>1 2026-12-01T00:00:01Z site_a gbscan - DICOM_ASSOCIATION - refused é");
        }
    }

    private static List<String> readFrames(ServerSocket server, int n) {
        List<String> frames = new ArrayList<>();
        try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
            for (int i = 0; i < n; i++) {
                StringBuilder length = new StringBuilder();
                int c;
                while ((c = in.read()) != ' ') {
                    length.append((char) c);
                }
                byte[] frame = new byte[Integer.parseInt(length.toString())];
                in.readFully(frame);
                frames.add(new String(frame, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return frames;
    }
}
