package org.gbscan.reporting.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.gbscan.core.dicom.net.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association's TLS leg to a PACS. PixelMed's association initiator opens its own socket, and its
 * only TLS mode offers TLS_RSA_WITH_AES_128_CBC_SHA and 3DES (the retired DICOM Basic TLS profile, no
 * forward secrecy), so our SCU talks clear text to a loopback port owned by this tunnel, which carries
 * the bytes over a JSSE socket with the BCP 195 policy and host-name verification. Accepts one connection,
 * from loopback only, then closes its port; it lives as long as that association (kept open between studies).
 */
final class TlsTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsTunnel.class);

    private final ServerSocket local;
    private final Thread acceptor;
    private volatile Socket plain;
    private volatile SSLSocket tls;
    private volatile boolean closed;

    private TlsTunnel(ServerSocket local, Destination pacs, SSLContext context, SSLParameters parameters) {
        this.local = local;
        this.acceptor = new Thread(() -> run(pacs, context, parameters), "tls-tunnel-" + pacs.aeTitle());
        acceptor.setDaemon(true);
    }

    static TlsTunnel open(Destination pacs, SSLContext context, SSLParameters parameters) throws IOException {
        ServerSocket local = new ServerSocket();
        local.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        TlsTunnel t = new TlsTunnel(local, pacs, context, parameters);
        t.acceptor.start();
        return t;
    }

    int localPort() {
        return local.getLocalPort();
    }

    private void run(Destination pacs, SSLContext context, SSLParameters parameters) {
        try (ServerSocket s = local) {
            Socket in = s.accept();
            plain = in;
            if (!in.getInetAddress().isLoopbackAddress()) {
                in.close();
                return;
            }
            SSLSocket out = (SSLSocket) context.getSocketFactory().createSocket();
            tls = out;
            out.setSSLParameters(parameters);
            out.connect(new InetSocketAddress(pacs.host(), pacs.port()), 10_000);
            out.setTcpNoDelay(true);
            in.setTcpNoDelay(true);
            out.startHandshake();
            Thread back = new Thread(() -> pump(out, in), "tls-tunnel-back");
            back.setDaemon(true);
            back.start();
            pump(in, out);
            back.join(10_000);
        } catch (IOException e) {
            LOG.warn("TLS connection to {} failed: {}", pacs, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Copies until either side closes; then closes both so the other direction ends too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("TLS tunnel stream ended: {}", e.toString());
        } finally {
            close();
        }
    }

    /** False once either side has closed (the PACS ended the TLS connection, or the association was released). */
    boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable c : new AutoCloseable[] {plain, tls, local}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("close failed: {}", e.toString());
                }
            }
        }
    }
}
