package org.gbscan.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.gbscan.core.dicom.net.ScpObserver;
import org.gbscan.core.dicom.net.StoreStatus;

/** Micrometer meters of the listener; names start with {@code gbscan.listener}. Tags carry no patient data. */
final class ListenerMetrics implements ScpObserver {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter bytes;
    private final Counter studyEvents;
    final Timer spoolWrite;

    ListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("gbscan.listener.instances.received").description("instances stored in the spool")
                .register(registry);
        this.bytes = Counter.builder("gbscan.listener.bytes.received").baseUnit("bytes")
                .description("data set bytes of stored instances").register(registry);
        this.studyEvents = Counter.builder("gbscan.listener.study.events").description("complete studies handed on")
                .register(registry);
        this.spoolWrite = Timer.builder("gbscan.listener.spool.write").description("verify + durable move of one instance")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Studies in the spool not yet marked done. Strong reference: a gauge holds its source weakly by default. */
    void spoolDepth(IntSupplier pendingStudies) {
        Gauge.builder("gbscan.listener.spool.studies", pendingStudies, IntSupplier::getAsInt).strongReference(true)
                .description("studies received and not yet finished").register(registry);
    }

    /** Bytes of instance files held in the spool, next to the outbox's {@code area=outbox}. */
    void spoolBytes(LongSupplier bytesHeld) {
        Gauge.builder("gbscan.storage.bytes", bytesHeld, LongSupplier::getAsLong).tag("area", "spool").strongReference(true)
                .baseUnit("bytes").description("bytes held on disk").register(registry);
    }

    /** Associations holding one of the listener.threads slots right now. */
    void activeAssociations(IntSupplier active) {
        Gauge.builder("gbscan.listener.associations.active", active, IntSupplier::getAsInt).strongReference(true)
                .description("associations in progress (counted until our A-RELEASE-RP or A-ABORT)").register(registry);
    }

    @Override
    public void associationAccepted(String callingAe) {
        registry.counter("gbscan.listener.associations", "result", "accepted").increment();
    }

    @Override
    public void associationRejected(String callingAe, String reason) {
        registry.counter("gbscan.listener.associations", "result", "rejected", "reason", reason).increment();
    }

    @Override
    public void associationEnded(String callingAe, String reason) {
        registry.counter("gbscan.listener.associations.ended", "reason", reason).increment();
    }

    @Override
    public void connectionDropped(String reason) {
        registry.counter("gbscan.listener.connections.dropped", "reason", reason).increment();
    }

    @Override
    public void instanceStored(String callingAe, long dataBytes) {
        received.increment();
        bytes.increment(dataBytes);
    }

    @Override
    public void instanceRefused(String callingAe, StoreStatus status) {
        registry.counter("gbscan.listener.instances.refused", "status", status.name()).increment();
    }

    void studyEvent() {
        studyEvents.increment();
    }

    /** A byte-identical resend of a spooled instance: acknowledged, nothing re-scored. */
    void duplicate() {
        registry.counter("gbscan.listener.instances.duplicate").increment();
    }

    /** A study handed on too often without a result, given up as failed (see StudySettler). */
    void studyParked() {
        registry.counter("gbscan.listener.studies.parked").increment();
    }
}
