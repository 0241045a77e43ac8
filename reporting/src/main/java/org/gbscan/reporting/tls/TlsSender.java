package org.gbscan.reporting.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.reporting.outbox.Sender;

/**
 * Sends to the destinations configured with TLS through a {@link TlsTunnel}; the others directly. A tunnel
 * carries one association, so it is kept as long as the delegate keeps that association open, and a tunnel
 * the PACS has closed is replaced (with a new association) at the next send.
 */
public final class TlsSender implements Sender {
    private final Sender delegate;
    private final Map<Destination, ClientTls> tls;
    private final Map<Destination, TlsTunnel> tunnels = new ConcurrentHashMap<>();

    public TlsSender(Sender delegate, Map<Destination, ClientTls> tls) {
        this.delegate = delegate;
        this.tls = Map.copyOf(tls);
    }

    @Override
    public List<Path> send(Destination destination, List<Path> files) throws DicomNetException {
        ClientTls t = tls.get(destination);
        if (t == null) {
            return delegate.send(destination, files);
        }
        TlsTunnel tunnel = tunnels.get(destination);
        if (tunnel != null && !tunnel.isOpen()) {
            release(destination);
            tunnel = null;
        }
        if (tunnel == null) {
            try {
                tunnel = TlsTunnel.open(destination, t.context(), t.parameters());
            } catch (IOException e) {
                throw new DicomNetException("cannot open a TLS tunnel to " + destination + ": " + e.getMessage(), e);
            }
            tunnels.put(destination, tunnel);
        }
        try {
            return delegate.send(local(destination, tunnel), files);
        } catch (DicomNetException | RuntimeException e) {
            release(destination);
            throw e;
        }
    }

    @Override
    public void release(Destination destination) {
        TlsTunnel tunnel = tunnels.remove(destination);
        if (tunnel == null) {
            delegate.release(destination);
            return;
        }
        delegate.release(local(destination, tunnel));
        tunnel.close();
    }

    private static Destination local(Destination destination, TlsTunnel tunnel) {
        return new Destination(destination.aeTitle(), "127.0.0.1", tunnel.localPort());
    }
}
