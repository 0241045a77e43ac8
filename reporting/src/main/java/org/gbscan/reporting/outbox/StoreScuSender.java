package org.gbscan.reporting.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.core.dicom.net.SendResult;
import org.gbscan.core.dicom.net.StoreAssociation;
import org.gbscan.core.dicom.net.StoreScu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Sender}: core's C-STORE SCU, all files of a call in one association, which stays
 * open for the next call to the same destination until {@link #release}. A kept association the PACS has
 * ended meanwhile (its own idle timer) is replaced before use; one that fails under a batch is replaced and
 * the unconfirmed files are sent once more at once, so a PACS closing idle associations costs no retry delay.
 * Each destination is used by one outbox thread at a time; different destinations may be used concurrently.
 */
public final class StoreScuSender implements Sender {
    private static final Logger LOG = LoggerFactory.getLogger(StoreScuSender.class);

    private final StoreScu scu;
    private final MeterRegistry registry;
    private final Map<Destination, StoreAssociation> open = new ConcurrentHashMap<>();
    /** SOP class / transfer syntax pairs sent to each AE so far: a new association proposes them all, so SR and SC share it. */
    private final Map<String, Set<StoreAssociation.Syntax>> seen = new ConcurrentHashMap<>();

    public StoreScuSender(String callingAeTitle) {
        this(callingAeTitle, StoreScu.DEFAULT_CONNECT_TIMEOUT, StoreScu.DEFAULT_READ_TIMEOUT);
    }

    public StoreScuSender(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
        this(callingAeTitle, connectTimeout, readTimeout, new SimpleMeterRegistry());
    }

    /**
     * @param registry receives {@code gbscan.outbox.associations.opened} and {@code gbscan.outbox.associations.lost}
     *                 (kept associations the PACS ended), per destination AE title
     */
    public StoreScuSender(String callingAeTitle, Duration connectTimeout, Duration readTimeout, MeterRegistry registry) {
        this.scu = new StoreScu(callingAeTitle, connectTimeout, readTimeout);
        this.registry = registry;
    }

    @Override
    public List<Path> send(Destination destination, List<Path> files) throws DicomNetException {
        Set<StoreAssociation.Syntax> needed = StoreScu.syntaxesOf(files);
        StoreAssociation kept = open.remove(destination);
        if (kept != null && !kept.isUsable()) {
            lost(destination, "before use");
            kept.close();
            kept = null;
        } else if (kept != null && !kept.proposed().containsAll(needed)) {
            kept.close(); // a kind of object it was not opened for: a new one proposes both
            kept = null;
        }
        if (kept == null) {
            return stored(sendOnNew(destination, needed, files));
        }
        SendResult first = kept.send(files);
        if (kept.isUsable()) {
            open.put(destination, kept);
            return stored(first);
        }
        // it failed under this batch: most likely the PACS ended it just as we began. Once more on a new one.
        kept.close();
        lost(destination, "during a send");
        List<Path> stored = new ArrayList<>(stored(first));
        List<Path> again = first.failed().stream().map(SendResult.Failed::file).toList();
        try {
            stored.addAll(stored(sendOnNew(destination, needed, again)));
        } catch (DicomNetException e) {
            if (stored.isEmpty()) {
                throw e;
            }
            LOG.warn("{}: {} objects confirmed, the rest not: {}", destination.aeTitle(), stored.size(), e.getMessage());
        }
        return stored;
    }

    @Override
    public void release(Destination destination) {
        StoreAssociation a = open.remove(destination);
        if (a != null) {
            a.close();
        }
    }

    private SendResult sendOnNew(Destination destination, Set<StoreAssociation.Syntax> needed, List<Path> files)
            throws DicomNetException {
        if (needed.isEmpty()) { // nothing readable: no association needed to report that
            return scu.send(destination, files);
        }
        Set<StoreAssociation.Syntax> propose = new LinkedHashSet<>(seen.getOrDefault(destination.aeTitle(), Set.of()));
        propose.addAll(needed);
        StoreAssociation a = scu.open(destination, propose);
        counter("gbscan.outbox.associations.opened", "associations opened to the destination", destination).increment();
        seen.put(destination.aeTitle(), Set.copyOf(propose));
        SendResult result = a.send(files);
        if (a.isUsable()) {
            open.put(destination, a);
        } else {
            a.close();
        }
        return result;
    }

    private void lost(Destination destination, String when) {
        LOG.info("{}: the association kept open was ended by the PACS (found {}); opening a new one", destination.aeTitle(), when);
        counter("gbscan.outbox.associations.lost", "kept-open associations the destination ended; their objects went on a new one",
                destination).increment();
    }

    private Counter counter(String name, String description, Destination d) {
        return Counter.builder(name).description(description).tag("destination", d.aeTitle()).register(registry);
    }

    private static List<Path> stored(SendResult result) {
        return result.stored().stream().map(SendResult.Sent::file).toList();
    }
}
