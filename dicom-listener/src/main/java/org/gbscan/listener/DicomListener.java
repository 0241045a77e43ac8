package org.gbscan.listener;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditRecord;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.InstanceMismatchException;
import org.gbscan.core.dicom.LimitExceededException;
import org.gbscan.core.dicom.net.InstanceSink;
import org.gbscan.core.dicom.net.StoreOutcome;
import org.gbscan.core.dicom.net.StoreScp;
import org.gbscan.core.dicom.net.StoreStatus;
import org.gbscan.core.tls.TlsConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the service: Storage SCP -> durable spool -> study settle -> {@link StudyConsumer}.
 * An instance is acknowledged only after it is verified and fsynced in the spool; at start every spooled
 * study without a done marker is offered again.
 */
public final class DicomListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DicomListener.class);
    /** Up to this size an instance is parsed completely (truncation caught) before the ACK; larger ones by header. */
    private static final long FULL_CHECK_MAX_BYTES = 64L * 1024 * 1024;

    private final AuditSink audit;
    private final ListenerSettings settings;
    private final Spool spool;
    private final ListenerMetrics metrics;
    private final StudySettler settler;
    private final StoreScp scp;

    private DicomListener(ListenerSettings settings, StudyConsumer consumer, MeterRegistry registry, AuditSink audit)
            throws IOException {
        this.settings = settings;
        this.audit = audit;
        this.spool = new Spool(settings.spoolDir());
        this.metrics = new ListenerMetrics(registry);
        this.settler = new StudySettler(spool, settings.settle(), settings.settleMax(), settings.maxDeliveries(),
                settings.spoolRetention(), consumer, metrics);
        metrics.spoolDepth(settler::pendingStudies);
        metrics.spoolBytes(spool::bytesHeld);
        settler.recover();
        warnAboutCallers(settings);
        try {
            this.scp = StoreScp.start(settings.scpSettings(spool.incomingDir()), new Receiver(),
                    new AuditedObserver(metrics, audit, settings.aeTitle()));
            metrics.activeAssociations(scp::activeAssociations);
        } catch (TlsConfigException e) {
            settler.close();
            throw new IOException("listener.tls: " + e.getMessage(), e);
        } catch (IOException e) {
            settler.close();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    private static void warnAboutCallers(ListenerSettings settings) {
        if (settings.allowAnyCaller()) {
            log.warn("listener.allowAnyCaller=true: any host that reaches port {} may send DICOM to '{}'; list the senders"
                    + " in listener.allowedCallingAes instead", settings.port(), settings.aeTitle());
        } else if (settings.allowedCallingAes().isEmpty()) {
            log.warn("listener.allowedCallingAes is empty: every association will be refused; list the senders"
                    + " (AE or AE@host) or set listener.allowAnyCaller=true");
        } else {
            log.info("DICOM senders allowed: {}", settings.callerPolicy().allowed());
        }
    }

    /** Opens the spool, re-queues unfinished studies and starts listening. */
    public static DicomListener start(ListenerSettings settings, StudyConsumer consumer, MeterRegistry registry) throws IOException {
        return new DicomListener(settings, consumer, registry, AuditSink.NONE);
    }

    /** As above; every association attempt, accepted or refused, also goes to the audit trail. */
    public static DicomListener start(ListenerSettings settings, StudyConsumer consumer, MeterRegistry registry, AuditSink audit)
            throws IOException {
        return new DicomListener(settings, consumer, registry, audit);
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return scp.port();
    }

    public ListenerSettings settings() {
        return settings;
    }

    public Path spoolDir() {
        return spool.root();
    }

    /** Studies received and not yet marked done. */
    public int pendingStudies() {
        return settler.pendingStudies();
    }

    /** Studies parked as failed when this listener started (handed on listener.maxDeliveries times without a result). */
    public int parkedAtStart() {
        return settler.parkedAtStart();
    }

    /** The pipeline stored the results of this revision durably: it is not offered again after a restart. */
    public void markDone(String studyInstanceUid, int revision) throws IOException {
        settler.markDone(studyInstanceUid, revision);
    }

    /**
     * This revision was given up where it was scored (dead-lettered after its last attempt): parked, not offered
     * again; its files stay in the spool for listener.spool.retention.
     */
    public void markFailed(String studyInstanceUid, int revision) throws IOException {
        settler.markFailed(studyInstanceUid, revision);
    }

    /** The SCP's {@link InstanceSink}: each association is a {@link StudySettler.Sender} for settling. */
    private final class Receiver implements InstanceSink {
        @Override
        public StoreOutcome accept(Path receivedFile, String transferSyntaxUid, String callingAe) {
            try (StudySettler.Sender sender = settler.sender()) {
                return DicomListener.this.accept(receivedFile, callingAe, sender);
            }
        }

        @Override
        public Association openAssociation(String callingAe) {
            StudySettler.Sender sender = settler.sender();
            return new Association() {
                @Override
                public StoreOutcome accept(Path receivedFile, String transferSyntaxUid) {
                    return DicomListener.this.accept(receivedFile, callingAe, sender);
                }

                @Override
                public void close() {
                    sender.close();
                }
            };
        }
    }

    /** Verify, then durable move into the spool; the outcome is the C-STORE status. */
    private StoreOutcome accept(Path received, String callingAe, StudySettler.Sender sender) {
        long start = System.nanoTime();
        InstanceRef ref;
        try {
            ref = Files.size(received) <= FULL_CHECK_MAX_BYTES ? DicomFiles.verify(received, settings.imageLimits())
                    : DicomFiles.verifyHeader(received, settings.imageLimits());
        } catch (LimitExceededException e) {
            // Refused, out of resources: the object may be valid, but decoding it would cost more than we allow.
            log.info("refused an instance from '{}': {}", callingAe, e.getMessage());
            return StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, e.getMessage());
        } catch (InstanceMismatchException e) {
            // As DCMTK's storescp: the data set is not the instance the command announced (0xA900).
            log.info("refused an instance from '{}': {}", callingAe, e.getMessage());
            return StoreOutcome.failed(StoreStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        } catch (BadDicomException e) {
            log.info("refused an instance from '{}': {}", callingAe, e.getMessage());
            return StoreOutcome.failed(StoreStatus.CANNOT_UNDERSTAND, e.getMessage());
        } catch (IOException e) {
            return StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "cannot read received file: " + e.getClass().getSimpleName());
        }
        if (!settings.sopClasses().contains(ref.sopClassUid())) {
            return StoreOutcome.failed(StoreStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "data set SOP class is not accepted");
        }
        try {
            if (!settler.store(ref, received, sender)) {
                metrics.duplicate();
                log.debug("an instance of study {} from '{}' was already spooled byte for byte; acknowledged, nothing to do",
                        ref.study().logTag(), callingAe);
            }
        } catch (PatientMismatchException e) {
            log.warn("refused an instance from '{}': {}", callingAe, e.getMessage());
            audit.record(AuditRecord.now(AuditKind.DICOM_INSTANCE_REFUSED, false, callingAe, "",
                    "study " + ref.study().logTag(), "refused: Patient ID differs from the study's"));
            return StoreOutcome.failed(StoreStatus.CANNOT_UNDERSTAND, "Patient ID differs from the study's");
        } catch (IOException | RuntimeException e) {
            log.error("cannot spool an instance of study {} from '{}': {}", ref.study().logTag(), callingAe, e.toString());
            return StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "spool write failed: " + e.getClass().getSimpleName());
        }
        metrics.spoolWrite.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return StoreOutcome.stored();
    }

    /** Stops accepting (running associations get 2 s), then stops the settle clock; the spool keeps everything. */
    @Override
    public void close() {
        scp.close();
        settler.close();
        log.info("DICOM listener on port {} stopped; {} studies pending in the spool", scp.port(), settler.pendingStudies());
    }
}
