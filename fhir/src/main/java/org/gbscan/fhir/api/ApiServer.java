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
import io.vertx.core.net.KeyCertOptions;
import org.gbscan.core.tls.ServerTls;
import org.gbscan.core.tls.TlsConfigException;
import org.gbscan.core.tls.TlsPolicy;
import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.auth.AccessPolicy;
import org.gbscan.fhir.auth.AuthConfigException;
import org.gbscan.fhir.auth.Scope;
import org.gbscan.fhir.auth.StaticTokenPolicy;
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
            "Patient", "ImagingStudy", "AuditEvent");

    private final Vertx vertx;
    private final FhirSettings settings;
    private final PrometheusMeterRegistry registry;
    private final WorkerExecutor workers;
    private final Router router;
    private HttpDeadlines deadlines;
    private final BearerTokenAuth auth;
    private final HealthRoutes health;
    private HttpServer server;
    private volatile AuditSink audit = AuditSink.NONE;

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
        this.auth = new BearerTokenAuth(accessPolicy(settings));
        this.health = new HealthRoutes(workers, List.of(new StoreHealthCheck(store)));
        checks.forEach(health::add);
        this.router = Router.router(vertx);
        router.route().handler(this::timeRequest);
        router.route().handler(this::auditRequest);
        router.get("/.well-known/smart-configuration").handler(SmartConfiguration.handler(settings.jwt()));
        router.route("/fhir/*").subRouter(new FhirRoutes(store, settings, workers, Fhir.context(), auth.policy().describe()).router(vertx, auth));
        health.install(router);
        router.get("/metrics").handler(auth.requiring(ctx -> Scope.METRICS)).handler(this::metrics);
        // Last in line: a mounted sub-router (e.g. /api) answers its own failures before this catch-all.
        router.route().order(Integer.MAX_VALUE).failureHandler(ApiServer::plainFailure);
        LOG.info("HTTP access: {}", auth.policy().describe());
        if (!settings.authRequired()) {
            LOG.warn("HTTP authentication is off (http.auth=none): anyone who reaches port {} can read reports",
                    settings.httpPort());
        }
    }

    private static AccessPolicy accessPolicy(FhirSettings settings) {
        if (!settings.authRequired()) {
            return AccessPolicy.OPEN;
        }
        if (settings.jwt() == null) {
            return new StaticTokenPolicy(settings.token());
        }
        try {
            return settings.jwt().policy();
        } catch (AuthConfigException e) {
            throw new IllegalStateException("http.jwt: " + e.getMessage(), e);
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
        if (settings.tls() != null) {
            try {
                httpsOptions(options, settings.tls().load());
            } catch (TlsConfigException e) {
                return Future.failedFuture(new IllegalStateException("http.tls: " + e.getMessage(), e));
            }
        }
        return deadlines.guard(vertx.createHttpServer(options), router).listen().map(s -> {
            server = s;
            LOG.info("{} server listening on {}:{} (FHIR at /fhir)", settings.tls() == null ? "HTTP" : "HTTPS",
                    settings.httpHost(), s.actualPort());
            return s.actualPort();
        });
    }

    /**
     * HTTPS only on the port (a clear-text request fails its handshake), with the shared BCP 195 policy and
     * a key manager that re-reads tls.cert / tls.key when they change.
     */
    private static void httpsOptions(HttpServerOptions options, ServerTls tls) {
        options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(tls.keys()))
                .setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(TlsPolicy.PROTOCOLS));
        for (String suite : TlsPolicy.cipherSuites(tls.context())) {
            options.addEnabledCipherSuite(suite);
        }
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
            case 401, 403 -> BearerTokenAuth.reason(ctx, "missing or invalid bearer token: send 'Authorization: Bearer <token>'");
            case 413 -> "request body too large";
            case 500 -> "internal error";
            default -> "request failed";
        };
        if (status == 401 || status == 403) {
            ctx.response().putHeader("WWW-Authenticate", BearerTokenAuth.challenge(status));
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new io.vertx.core.json.JsonObject().put("status", status).put("error", message).encode());
    }

    /** Where FHIR reads/searches and the page's API calls are audited (the service's audit trail). */
    public ApiServer auditTo(AuditSink sink) {
        this.audit = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Records every FHIR read/search (refused ones too) and every page API call once its answer is sent. */
    private void auditRequest(RoutingContext ctx) {
        AuditKind kind = RequestAudit.kindOf(ctx.request().method().name(), ctx.request().path());
        if (kind != null) {
            ctx.addBodyEndHandler(v -> audit.record(RequestAudit.record(ctx, kind)));
        }
        ctx.next();
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
