package org.gbscan.app;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.seda.SedaEndpoint;
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

    /**
     * Down when the route cannot make progress: the scoring route is not started, its in-process queue has no
     * consumer left, or a study was given up (failed past route.maxAttempts, or parked) within the window.
     */
    record RouteCheck(CamelContext camel, String routeId, StudyFailures failures, int maxAttempts) implements HealthCheck {
        @Override
        public String name() {
            return "route";
        }

        @Override
        public Status check() {
            ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
            if (status != ServiceStatus.Started) {
                return Status.down("route '" + routeId + "' is " + status + ": no study is scored");
            }
            String queue = "";
            if (camel.getRoute(routeId).getEndpoint() instanceof SedaEndpoint seda) {
                if (seda.getConsumers().isEmpty()) {
                    return Status.down("route '" + routeId + "' has no consumer on its queue: no study is scored");
                }
                queue = ", queue depth " + seda.getExchanges().size() + ", " + seda.getConsumers().size() + " consumers";
            }
            int failed = failures.recentFailed();
            int parked = failures.recentParked();
            if (failed + parked > 0) {
                return Status.down(failed + " studies failed past route.maxAttempts=" + maxAttempts + " and " + parked
                        + " parked by the listener (listener.maxDeliveries) in the last " + failures.window().toMinutes()
                        + " min (health.studyFailures.window); see the log");
            }
            return Status.up("route '" + routeId + "' started" + queue);
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
