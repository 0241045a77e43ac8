package org.gbscan.app;

import java.time.Duration;
import org.gbscan.fhir.api.HealthCheck;
import org.gbscan.listener.DicomListener;
import org.gbscan.reporting.Reporting;
import org.gbscan.reporting.outbox.OutboxHealth;

/** Readiness checks for /health beyond the report store's own. */
final class Health {
    private Health() {
    }

    /** Down when results have waited too long for the PACS: someone should look at the destination. */
    record OutboxCheck(Reporting reporting, Duration maxAge) implements HealthCheck {
        @Override
        public String name() {
            return "outbox";
        }

        @Override
        public Status check() {
            OutboxHealth h = reporting.health();
            String detail = "depth " + h.depth() + ", oldest " + h.oldestAge().toSeconds() + " s"
                    + (h.lastError() == null || h.lastError().isEmpty() ? "" : ", last error: " + h.lastError());
            return h.healthy(maxAge) ? Status.up(detail) : Status.down(detail);
        }
    }

    record ListenerCheck(DicomListener listener) implements HealthCheck {
        @Override
        public String name() {
            return "dicom-listener";
        }

        @Override
        public Status check() {
            return Status.up("port " + listener.port() + ", " + listener.pendingStudies() + " studies pending");
        }
    }
}
