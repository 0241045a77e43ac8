package org.gbscan.fhir.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code /health/live}: the process answers HTTP (always 200). {@code /health/ready} and {@code /health}:
 * every readiness check UP gives 200, any DOWN gives 503; the body lists each check. No authentication:
 * orchestrators probe these, and they hold no patient data.
 */
final class HealthRoutes {
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final WorkerExecutor workers;

    HealthRoutes(WorkerExecutor workers, List<HealthCheck> initial) {
        this.workers = workers;
        this.checks.addAll(initial);
    }

    void add(HealthCheck check) {
        checks.add(check);
    }

    void install(Router router) {
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/health").handler(this::ready);
    }

    private void ready(RoutingContext ctx) {
        workers.executeBlocking(this::runChecks, false)
                .onSuccess(body -> json(ctx, "UP".equals(body.getString("status")) ? 200 : 503, body))
                .onFailure(ctx::fail);
    }

    private JsonObject runChecks() {
        JsonArray results = new JsonArray();
        boolean allUp = true;
        for (HealthCheck check : checks) {
            HealthCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            allUp &= status.up();
            results.add(new JsonObject().put("name", check.name()).put("status", status.up() ? "UP" : "DOWN")
                    .put("detail", status.detail()));
        }
        return new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", results);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
