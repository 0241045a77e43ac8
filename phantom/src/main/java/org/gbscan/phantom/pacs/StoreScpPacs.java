package org.gbscan.phantom.pacs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stand-in PACS that only stores: DCMTK {@code storescp} in its own process on a free port, writing what it
 * receives into a folder ({@code <modality>.<SOP Instance UID>}), with TCP_NODELAY=1 (else it stalls on Nagle,
 * STACK.md). It serves one association at a time, as a small PACS or a router may, and logs each association
 * and C-STORE request verbosely, so a test can count them. The benchmarks use it as the fastest PACS there is.
 */
public final class StoreScpPacs implements AutoCloseable {
    private static final String STORE_REQUEST = "Received Store Request";
    private static final String ASSOCIATION = "Association Received";

    private final Path home;
    private final String aeTitle;
    private final int dicomPort;
    private Duration idleTimeout;
    private Process process;
    private Thread stopAtExit;

    public StoreScpPacs(Path home, String aeTitle) {
        this.home = home;
        this.aeTitle = aeTitle;
        this.dicomPort = OrthancPacs.freePort();
    }

    /**
     * storescp's socket timeout: it aborts an association in which nothing has arrived for this long (its
     * default, 60 s). Takes effect at the next {@link #start()}.
     */
    public StoreScpPacs idleTimeout(Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("storescp counts this timeout in whole seconds, at least 1, got " + timeout);
        }
        this.idleTimeout = timeout;
        return this;
    }

    public String aeTitle() {
        return aeTitle;
    }

    public int dicomPort() {
        return dicomPort;
    }

    /** Where received objects land. */
    public Path received() {
        return home.resolve("received");
    }

    public synchronized StoreScpPacs start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Files.createDirectories(received());
        List<String> cmd = new ArrayList<>(List.of("storescp", "-v", "-aet", aeTitle, "-od", received().toString()));
        if (idleTimeout != null) {
            cmd.addAll(List.of("--socket-timeout", Long.toString(idleTimeout.toSeconds())));
        }
        cmd.add(Integer.toString(dicomPort));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("TCP_NODELAY", "1");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start storescp (Debian package dcmtk): " + e.getMessage(), e);
        }
        Process started = process;
        stopAtExit = new Thread(started::destroy, "storescp-stop"); // a benchmark stopped with Ctrl-C leaves no storescp behind
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        // a probe connection would hold this one-association server until its ACSE timeout: watch the kernel's table
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!TcpTable.listening(dicomPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("storescp did not open port " + dicomPort + "; see " + log());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting storescp", e);
            }
        }
        return this;
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        PacsProcess.end(process);
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The objects received so far (file names start with the modality: {@code SR.}, {@code SC.}, ...). */
    public List<Path> files() {
        try (Stream<Path> s = Files.list(received())) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** C-STORE requests received since the first start, whether stored or not (a resend counts again). */
    public int storeRequests() {
        return count(STORE_REQUEST);
    }

    /** Associations received since the first start. */
    public int associations() {
        return count(ASSOCIATION);
    }

    /** Associations to it that are open now, for their sender on this machine: one it has ended is not counted. */
    public int openAssociations() {
        return TcpTable.openAssociations(dicomPort);
    }

    /** storescp's own log (verbose). */
    public Path log() {
        return home.resolve("storescp.log");
    }

    private int count(String marker) {
        try (Stream<String> lines = Files.exists(log()) ? Files.lines(log()) : Stream.empty()) {
            return (int) lines.filter(l -> l.contains(marker)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
