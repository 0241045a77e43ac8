package org.gbscan.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer that accepts TCP connections, reads whatever arrives and never answers: what a hung PACS (or a
 * firewall that accepts for it) looks like to a sender. Counts connections and bytes, so a test can show
 * that the sender really reached it and was left waiting.
 */
public final class SilentPeer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();

    private SilentPeer(ServerSocket server) {
        this.server = server;
    }

    public static SilentPeer start() throws IOException {
        SilentPeer peer = new SilentPeer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread t = new Thread(peer::acceptLoop, "silent-peer");
        t.setDaemon(true);
        t.start();
        return peer;
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Connections the sender has not closed yet. */
    public long openConnections() {
        return accepted.stream().filter(s -> !s.isClosed()).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                connections.incrementAndGet();
                Thread reader = new Thread(() -> drain(s), "silent-peer-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void drain(Socket s) {
        byte[] buffer = new byte[8192];
        try (s; InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytesReceived.addAndGet(n);
            }
        } catch (IOException e) {
            // the sender gave up, or we were closed: either way this connection is over
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
