package org.gbscan.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a peer, as a firewall or NAT sits between a sender and a PACS, that can
 * {@link #forgetOpenConnections() forget} the connections it carries: from then on it silently drops their
 * bytes in both directions without closing anything, as such a box does when its idle timer has run out.
 * Neither side is told; new connections pass normally. Counts connections and dropped bytes, so a test can
 * show the fault happened.
 */
public final class ForgetfulRelay implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger droppedBytes = new AtomicInteger();

    private final class Link {
        final Socket client;
        final Socket target;
        volatile boolean forgotten;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[64 * 1024];
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (forgotten) {
                        droppedBytes.addAndGet(n);
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: closing both (try-with-resources) ends the other direction too, unless forgotten
            }
        }
    }

    private ForgetfulRelay(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public static ForgetfulRelay start(String targetHost, int targetPort) throws IOException {
        ForgetfulRelay relay = new ForgetfulRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetHost, targetPort);
        Thread t = new Thread(relay::acceptLoop, "forgetful-relay");
        t.setDaemon(true);
        t.start();
        return relay;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Bytes that arrived on forgotten connections and went nowhere. */
    public int droppedBytes() {
        return droppedBytes.get();
    }

    /** From now on the open connections carry nothing, and nobody is told. */
    public void forgetOpenConnections() {
        links.forEach(l -> l.forgotten = true);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Link link = new Link(client, target);
                links.add(link);
                connections.incrementAndGet();
                start(() -> link.pump(client, target));
                start(() -> link.pump(target, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "forgetful-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link l : links) {
            l.client.close();
            l.target.close();
        }
    }
}
