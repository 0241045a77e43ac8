package org.gbscan.reporting.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.reporting.outbox.Sender;

/** Sends to the destinations configured with TLS through a {@link TlsTunnel}; the others directly. */
public final class TlsSender implements Sender {
    private final Sender delegate;
    private final Map<Destination, ClientTls> tls;

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
        try (TlsTunnel tunnel = TlsTunnel.open(destination, t.context(), t.parameters())) {
            return delegate.send(new Destination(destination.aeTitle(), "127.0.0.1", tunnel.localPort()), files);
        } catch (IOException e) {
            throw new DicomNetException("cannot open a TLS tunnel to " + destination + ": " + e.getMessage(), e);
        }
    }
}
