package org.gbscan.reporting.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.gbscan.core.dicom.net.Destination;

/** Counters of the export: objects confirmed and failed attempts, per destination AE title. */
final class OutboxMetrics {
    private final MeterRegistry registry;

    OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(Destination d, int objects) {
        if (objects > 0) {
            counter("gbscan.outbox.objects.sent", "result objects the destination confirmed", d).increment(objects);
        }
    }

    void failed(Destination d) {
        counter("gbscan.outbox.send.failures", "export attempts that did not deliver everything", d).increment();
    }

    void expired() {
        Counter.builder("gbscan.outbox.expired").description("studies whose results were deleted at reporting.outbox.maxAge")
                .register(registry).increment();
    }

    private Counter counter(String name, String description, Destination d) {
        return Counter.builder(name).description(description).tag("destination", d.aeTitle()).register(registry);
    }
}
