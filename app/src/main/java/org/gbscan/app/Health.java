package org.gbscan.app;

import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.seda.SedaEndpoint;
import org.gbscan.fhir.api.HealthCheck;
import org.gbscan.handoff.HandOff;
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
     * Down when the flow cannot make progress: one of this node's routes is not started, the in-process queue has no
     * consumer left, or a study was given up (failed past route.maxAttempts, parked, or dead-lettered) within the window.
     */
    record RouteCheck(CamelContext camel, List<String> routeIds, StudyFailures failures, int maxAttempts) implements HealthCheck {
        @Override
        public String name() {
            return "route";
        }

        @Override
        public Status check() {
            String queue = "";
            for (String routeId : routeIds) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
                if (status != ServiceStatus.Started) {
                    return Status.down("route '" + routeId + "' is " + status + ": no study is " + (routeId.equals(Routes.ROUTE_ID)
                            ? "scored" : "handed on or finished"));
                }
                if (camel.getRoute(routeId).getEndpoint() instanceof SedaEndpoint seda) {
                    if (seda.getConsumers().isEmpty()) {
                        return Status.down("route '" + routeId + "' has no consumer on its queue: no study is scored");
                    }
                    queue = ", queue depth " + seda.getExchanges().size() + ", " + seda.getConsumers().size() + " consumers";
                }
            }
            int failed = failures.recentFailed();
            int parked = failures.recentParked();
            List<StudyFailures.DeadLetter> dead = failures.recentDeadLetters();
            if (failed + parked + dead.size() > 0) {
                String newest = dead.isEmpty() ? "" : "; newest dead letter: study " + dead.get(0).studyTag() + " revision "
                        + dead.get(0).revision() + ": " + dead.get(0).reason();
                return Status.down(failed + " studies failed past route.maxAttempts=" + maxAttempts + " and " + parked
                        + " parked by the listener (listener.maxDeliveries) and " + dead.size() + " sent to the dead-letter queue"
                        + " in the last " + failures.window().toMinutes() + " min (health.studyFailures.window)" + newest + "; see the log");
            }
            return Status.up("routes " + String.join(", ", routeIds) + " started" + queue);
        }
    }

    /** Down when the broker cannot be reached; says how many studies wait in its dead-letter queue. */
    record BrokerCheck(HandOff handOff) implements HealthCheck {
        @Override
        public String name() {
            return "broker";
        }

        @Override
        public Status check() {
            HandOff.QueueStatus status = handOff.status();
            return status.reachable() ? Status.up(status.detail()) : Status.down(status.detail());
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
