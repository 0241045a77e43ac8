package org.gbscan.core.dicom.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.gbscan.core.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-ECHO / C-STORE SCP with our own accept loop: bind address, TCP_NODELAY, a bounded thread pool and a
 * cap on concurrent associations, and DICOM TLS, which PixelMed's dispatcher lacks. Each instance is handed to the
 * {@link InstanceSink} before its C-STORE response, and the sink's outcome is the status the sender gets.
 *
 * <p>Hostile or broken peers: connections from one address are capped ({@link PeerLimits#maxPerPeer()}),
 * and a watchdog closes any connection whose deadline passed (ARTIM, a slow PDU, the association's
 * lifetime), so silent or trickling sockets cannot hold the pool's threads.
 */
public final class StoreScp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreScp.class);
    private static final long WATCHDOG_TICK_MS = 100;

    private final ScpSettings settings;
    private final InstanceSink sink;
    private final ScpObserver observer;
    private final ServerSocket server;
    private final ThreadPoolExecutor pool;
    private final Semaphore slots;
    private final Map<Socket, ConnectionClock> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private final Thread acceptor;
    private volatile boolean closing;

    private StoreScp(ScpSettings settings, InstanceSink sink, ScpObserver observer) throws IOException {
        this.settings = settings;
        this.sink = sink;
        this.observer = observer;
        PixelMedTuning.apply();
        Files.createDirectories(settings.incomingDir());
        this.slots = new Semaphore(settings.maxAssociations());
        AtomicInteger n = new AtomicInteger();
        // a few threads beyond the cap so a surplus caller still gets a proper A-ASSOCIATE-RJ
        this.pool = new ThreadPoolExecutor(0, settings.maxAssociations() + 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dicom-scp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = settings.tls() == null ? new ServerSocket() : tlsServerSocket(settings.tls());
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(settings.bindHost(), settings.port()), 128);
        this.acceptor = new Thread(this::acceptLoop, "dicom-scp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dicom-scp-watchdog-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::closeExpired, WATCHDOG_TICK_MS, WATCHDOG_TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Binds and starts accepting; returns when the port is open. */
    public static StoreScp start(ScpSettings settings, InstanceSink sink, ScpObserver observer) throws IOException {
        StoreScp scp = new StoreScp(Objects.requireNonNull(settings), Objects.requireNonNull(sink),
                observer == null ? ScpObserver.NONE : observer);
        scp.acceptor.start();
        log.info("DICOM SCP '{}' listening on {}:{}{}", settings.calledAe(), settings.bindHost(), scp.port(),
                settings.tls() == null ? " (clear text)" : " (TLS" + (settings.tls().needClientAuth() ? ", client certificate required)" : ")"));
        return scp;
    }

    /**
     * JSSE server socket with the shared TLS policy. The handshake runs on the association's thread (at its
     * first read), never in the accept loop, so a slow or hostile client cannot stall other callers.
     */
    private static ServerSocket tlsServerSocket(ServerTls tls) throws IOException {
        SSLServerSocket s = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
        s.setSSLParameters(tls.parameters());
        return s;
    }

    public int port() {
        return server.getLocalPort();
    }

    public ScpSettings settings() {
        return settings;
    }

    /** Associations being served right now. */
    public int activeAssociations() {
        return settings.maxAssociations() - slots.availablePermits();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                if (!closing) {
                    log.error("DICOM SCP accept failed; listener stops", e);
                }
                return;
            } catch (IOException e) {
                log.warn("accept failed: {}", e.toString());
                continue;
            }
            InetAddress peer = socket.getInetAddress();
            if (!admit(peer)) {
                log.warn("{} connections from {} already open; closing another", settings.peerLimits().maxPerPeer(), peer.getHostAddress());
                observer.associationRejected("", "peer-limit");
                closeQuietly(socket);
                continue;
            }
            ConnectionClock clock = new ConnectionClock(settings.peerLimits(), System.nanoTime());
            open.put(socket, clock);
            try {
                pool.execute(() -> {
                    try {
                        new ScpConnection(socket, settings, sink, observer, slots, clock).run();
                    } finally {
                        open.remove(socket);
                        release(peer);
                    }
                });
            } catch (RejectedExecutionException e) {
                log.warn("no thread for a connection from {}; closing it", socket.getRemoteSocketAddress());
                observer.associationRejected("", "no-thread");
                open.remove(socket);
                release(peer);
                closeQuietly(socket);
            }
        }
    }

    private boolean admit(InetAddress peer) {
        int[] count = new int[1];
        perPeer.compute(peer, (p, n) -> {
            count[0] = n == null ? 1 : n + 1;
            return count[0] > settings.peerLimits().maxPerPeer() ? n : count[0];
        });
        return count[0] <= settings.peerLimits().maxPerPeer();
    }

    private void release(InetAddress peer) {
        perPeer.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
    }

    /** Watchdog tick: a connection past one of its deadlines is closed; its thread's blocked read then fails. */
    private void closeExpired() {
        long now = System.nanoTime();
        open.forEach((socket, clock) -> {
            String why = clock.expired(now);
            if (why != null && !socket.isClosed()) {
                log.warn("dropped connection from {}: {}", socket.getRemoteSocketAddress(), why);
                observer.connectionDropped("deadline");
                closeQuietly(socket);
            }
        });
    }

    /** Connections open right now, negotiating or associated (tests, metrics). */
    public int openConnections() {
        return open.size();
    }

    /** Stops accepting; running associations get up to 2 s to finish, then their connections are cut. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    public void close(Duration grace) {
        if (closing) {
            return;
        }
        closing = true;
        closeQuietly(server);
        watchdog.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                open.keySet().forEach(StoreScp::closeQuietly);
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("DICOM SCP '{}' on port {} stopped", settings.calledAe(), server.getLocalPort());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed: {}", e.toString());
        }
    }
}
