package org.gbscan.fhir.audit;

import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.gbscan.core.audit.AuditRecord;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.core.audit.SyslogSender;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.ReportStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: each {@link AuditRecord} becomes a FHIR AuditEvent, stored in the report store (so
 * {@code GET /fhir/AuditEvent} finds it) and, when configured, sent as RFC 5424 syslog to the hospital's
 * audit repository. One writer thread behind a bounded queue keeps the callers (HTTP event loop, DICOM
 * association threads) from waiting on the database; a full queue is logged and counted, never blocks.
 */
public final class AuditTrail implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 10_000;

    private final ReportStore store;
    private final SyslogSender syslog;
    private final AuditEventMapper mapper;
    private final IParser json = Fhir.context().newJsonParser();
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    /** @param syslog null = store only */
    public AuditTrail(ReportStore store, SyslogSender syslog, String site) {
        this.store = store;
        this.syslog = syslog;
        this.mapper = new AuditEventMapper(site);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "audit-trail");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void record(AuditRecord record) {
        try {
            writer.execute(() -> write(record));
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            LOG.error("audit queue full or closed: a {} event was not recorded ({} so far)", record.kind(), n);
        }
    }

    private void write(AuditRecord record) {
        String id = UUID.randomUUID().toString();
        String body = json.encodeResourceToString(mapper.map(record, id));
        try {
            store.saveAuditEvent(id, record.when(), record.kind().name(), record.success(), body);
        } catch (ReportStoreException e) {
            LOG.error("cannot store an audit event ({}): {}", record.kind(), e.getMessage());
        }
        if (syslog != null) {
            try {
                syslog.send(record.when(), record.success(), record.kind().name(), body);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot send an audit event to syslog: {}", e.toString());
            }
        }
    }

    /** Waits until every record handed in so far is written (tests, orderly shutdown). */
    public void flush() throws InterruptedException {
        try {
            writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("audit trail did not flush: {}", e.toString());
        }
    }

    /** Records that could not be queued. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("audit trail: {} events not written at shutdown", writer.getQueue().size());
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (syslog != null) {
            syslog.close();
        }
    }
}
