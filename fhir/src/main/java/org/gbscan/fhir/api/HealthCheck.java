package org.gbscan.fhir.api;

import java.util.Objects;

/**
 * One readiness check of {@code /health} (database, DICOM listener, outbox ...). {@link #check()} may
 * block briefly; it runs on a worker thread. An exception counts as DOWN with its message.
 */
public interface HealthCheck {
    String name();

    Status check();

    /** The outcome of a check; {@code detail} is shown to operators (no patient data). */
    record Status(boolean up, String detail) {
        public Status {
            Objects.requireNonNull(detail, "detail");
        }

        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
