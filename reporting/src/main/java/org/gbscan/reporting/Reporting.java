package org.gbscan.reporting;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.reporting.tls.ClientTls;
import org.gbscan.reporting.tls.PacsTls;
import org.gbscan.reporting.tls.TlsSender;
import java.time.Clock;
import java.util.function.Function;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.StudyResult;
import org.gbscan.reporting.outbox.Outbox;
import org.gbscan.reporting.outbox.OutboxHealth;
import org.gbscan.reporting.outbox.StoreScuSender;

/**
 * The DICOM side of reporting, wired from its settings: results become a TID 1500 SR and CAM
 * Secondary Captures in the outbox, and the outbox sends them to every configured PACS.
 */
public final class Reporting implements AutoCloseable {
    private final Outbox outbox;
    private final ResultWriter writer;

    private Reporting(Outbox outbox, ResultWriter writer) {
        this.outbox = outbox;
        this.writer = writer;
    }

    /** Opens the outbox folder, picks up what a previous run left there and starts sending. */
    public static Reporting start(ReportingSettings settings, MeterRegistry registry) throws IOException {
        return start(settings, registry, AuditSink.NONE);
    }

    /** As above; every delivery attempt to a PACS is also recorded in the audit trail. */
    public static Reporting start(ReportingSettings settings, MeterRegistry registry, AuditSink audit) throws IOException {
        return start(settings, registry, audit, Map.of());
    }

    /** As above; the destinations in {@code tls} ({@link PacsTls#from}) are reached over DICOM TLS. */
    public static Reporting start(ReportingSettings settings, MeterRegistry registry, AuditSink audit,
                                  Map<Destination, ClientTls> tls) throws IOException {
        StoreScuSender scu = new StoreScuSender(settings.callingAe(), settings.connectTimeout(), settings.readTimeout(), registry);
        Outbox outbox = new Outbox(settings.outboxDir(), settings.destinations(),
                new AuditedSender(new TlsSender(scu, tls), audit, settings.callingAe()),
                settings.backoff(), registry, Clock.systemUTC(), settings.outboxMaxAge(), settings.associationIdle());
        outbox.start();
        return new Reporting(outbox, new ResultWriter(outbox, settings));
    }

    /**
     * Writes the study's result objects durably and queues them for the PACS; returns once they are on disk.
     *
     * @param spacing pixel spacing of a source instance when known (copied into the CAM images), else null
     */
    public ResultWriter.Written export(StudyResult result, Function<InstanceRef, PixelSpacing> spacing) throws IOException {
        return writer.write(result, spacing);
    }

    /** As {@link #export(StudyResult, Function)}, for the given revision of the study's results. */
    public ResultWriter.Written export(StudyResult result, Revision revision, Function<InstanceRef, PixelSpacing> spacing)
            throws IOException {
        return writer.write(result, revision, spacing);
    }

    /** For /health: outbox depth, oldest age, last error. */
    public OutboxHealth health() {
        return outbox.health();
    }

    @Override
    public void close() throws InterruptedException {
        outbox.close();
    }
}
