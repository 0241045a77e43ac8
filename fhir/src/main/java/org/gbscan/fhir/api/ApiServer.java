package org.gbscan.fhir.api;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.store.ReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gbscan's HTTP server (Vert.x): the FHIR R4 API under {@code /fhir}, {@code /health} and
 * {@code /metrics}. The application adds its own routes (web page, {@code /api/*}) to {@link #router()}
 * or with {@link #mount}, and may guard them with {@link #auth()}, the same bearer token as FHIR.
 *
 * <pre>{@code
 * ApiServer server = new ApiServer(vertx, settings, store, registry, List.of(listenerCheck, outboxCheck));
 * server.mount("/api", apiRouter);        // before or after start
 * int port = server.start();
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<String> FHIR_TYPES = Set.of("metadata", "DiagnosticReport", "Observation", "Device",
            "Patient", "ImagingStudy");

    private final Vertx vertx;
    private final FhirSettings settings;
    private final PrometheusMeterRegistry registry;
    private final WorkerExecutor workers;
    private final Router router;
    private HttpDeadlines deadlines;
    private final BearerTokenAuth auth;
    private final HealthRoutes health;
    private HttpServer server;

    /**
     * @param checks readiness checks besides the report store's own (which is always included)
     */
    public ApiServer(Vertx vertx, FhirSettings settings, ReportStore store, PrometheusMeterRegistry registry,
                     List<HealthCheck> checks) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.deadlines = new HttpDeadlines(vertx, HttpLimits.DEFAULTS);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.workers = vertx.createSharedWorkerExecutor("gbscan-http-blocking", Math.max(2, settings.poolSize()));
        this.auth = new BearerTokenAuth(settings.token(), settings.authRequired());
        this.health = new HealthRoutes(workers, List.of(new StoreHealthCheck(store)));
        checks.forEach(health::add);
        this.router = Router.router(vertx);
        router.route().handler(this::timeRequest);
        router.route("/fhir/*").subRouter(new FhirRoutes(store, settings, workers, Fhir.context()).router(vertx, auth));
        health.install(router);
        router.get("/metrics").handler(this::metrics);
        // Last in line: a mounted sub-router (e.g. /api) answers its own failures before this catch-all.
        router.route().order(Integer.MAX_VALUE).failureHandler(ApiServer::plainFailure);
        if (!settings.authRequired()) {
            LOG.warn("HTTP authentication is off (http.auth=none): anyone who reaches port {} can read reports",
                    settings.httpPort());
        }
    }

    /** The root router; routes added here are matched after /fhir, /health and /metrics. */
    public Router router() {
        return router;
    }

    /** Mounts a sub-router at a prefix such as {@code /api} (requests to {@code /api/...}). */
    public ApiServer mount(String prefix, Router subRouter) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        router.route(p + "/*").subRouter(subRouter);
        return this;
    }

    /** The bearer-token check of the FHIR API, for the application's own protected routes (fails with 401). */
    public BearerTokenAuth auth() {
        return auth;
    }

    /** A worker pool for blocking work of route handlers (JDBC, scoring): keep it off the event loop. */
    public WorkerExecutor workers() {
        return workers;
    }

    /** Deadlines and connection cap (default {@link HttpLimits#DEFAULTS}); call before start. */
    public ApiServer limits(HttpLimits limits) {
        this.deadlines = new HttpDeadlines(vertx, limits);
        return this;
    }

    public ApiServer addHealthCheck(HealthCheck check) {
        health.add(check);
        return this;
    }

    /** Starts listening; returns the port (useful with http.port=0). Call from a non-Vert.x thread. */
    public int start() throws ApiStartException {
        try {
            return startAsync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ApiStartException("cannot listen on " + settings.httpHost() + ":" + settings.httpPort() + ": "
                    + e.getCause().getMessage() + " (check http.host and http.port)", e.getCause());
        } catch (TimeoutException e) {
            throw new ApiStartException("HTTP server did not start within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiStartException("interrupted while starting the HTTP server", e);
        }
    }

    public Future<Integer> startAsync() {
        HttpServerOptions options = deadlines.apply(new HttpServerOptions().setHost(settings.httpHost())
                .setPort(settings.httpPort()).setCompressionSupported(true));
        return deadlines.guard(vertx.createHttpServer(options), router).listen().map(s -> {
            server = s;
            LOG.info("HTTP server listening on {}:{} (FHIR at /fhir)", settings.httpHost(), s.actualPort());
            return s.actualPort();
        });
    }

    /** The port listened on, or -1 before start. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("HTTP server did not close cleanly: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        workers.close();
    }

    private void metrics(RoutingContext ctx) {
        workers.executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail);
    }

    /**
     * Failures that no sub-router handled (e.g. 401 from {@link #auth()} on the application's routes):
     * a small JSON body with the status, never a stack trace.
     */
    private static void plainFailure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.failure() == null ? ctx.statusCode() : 500;
        if (ctx.failure() != null) {
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        String message = switch (status) {
            case 401 -> "missing or invalid bearer token: send 'Authorization: Bearer <token>'";
            case 413 -> "request body too large";
            case 500 -> "internal error";
            default -> "request failed";
        };
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gbscan\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new io.vertx.core.json.JsonObject().put("status", status).put("error", message).encode());
    }

    /** Times every request as http.server.requests{method, route, status} with a bounded route label. */
    private void timeRequest(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addBodyEndHandler(v -> Timer.builder("http.server.requests")
                .tag("method", ctx.request().method().name())
                .tag("route", routeLabel(ctx.request().path()))
                .tag("status", Integer.toString(ctx.response().getStatusCode()))
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    static String routeLabel(String path) {
        if (path == null) {
            return "other";
        }
        String[] parts = path.split("/");
        if (parts.length < 2 || parts[1].isEmpty()) {
            return "/";
        }
        if (parts[1].equals("fhir")) {
            String type = parts.length > 2 ? parts[2] : "";
            String label = FHIR_TYPES.contains(type) ? "/fhir/" + type : "/fhir/other";
            return parts.length > 3 && !type.equals("metadata") ? label + "/{id}" : label;
        }
        return Set.of("api", "health", "metrics").contains(parts[1]) ? "/" + parts[1] : "other";
    }
}
