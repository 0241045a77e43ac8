package org.gbscan.phantom.pacs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's TCP table ({@code /proc/net/tcp}, {@code tcp6}) seen from a stand-in PACS's port: whether
 * something listens on it (seen without a probe connection, which a one-association server would have to
 * serve), and which associations to it are still open for their sender on this machine.
 */
final class TcpTable {
    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    /** One line of the table: local and remote port, state, bytes queued for reading. */
    private record Socket(int localPort, int remotePort, String state, long unread) {
    }

    private TcpTable() {
    }

    static boolean listening(int port) {
        return sockets().stream().anyMatch(s -> s.localPort() == port && s.state().equals(LISTEN));
    }

    /**
     * Connections to the port that are established on the server side and whose local client has nothing
     * unread: an association the server ended is not counted, whether it closed the connection (storescp) or
     * sent an A-ABORT and kept it open for a while (Orthanc), as long as the client has not yet looked.
     */
    static int openAssociations(int port) {
        List<Socket> all = sockets();
        Map<Integer, Long> unreadByClientPort = new HashMap<>();
        for (Socket s : all) {
            if (s.remotePort() == port) {
                unreadByClientPort.merge(s.localPort(), s.unread(), Long::sum);
            }
        }
        return (int) all.stream().filter(s -> s.localPort() == port && s.state().equals(ESTABLISHED))
                .filter(s -> unreadByClientPort.getOrDefault(s.remotePort(), 0L) == 0).count();
    }

    private static List<Socket> sockets() {
        List<Socket> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 4 && f[1].contains(":") && f[2].contains(":") && f[4].contains(":")) {
                        out.add(new Socket(port(f[1]), port(f[2]), f[3], Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
