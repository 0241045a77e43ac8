package org.gbscan.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Objects;
import org.gbscan.core.ModelInfo;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.api.ApiServer;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.inference.FrameScorer;

/**
 * The phone-photo scoring page and the study viewer, with the {@code /api} behind them, installed on
 * the service's HTTP server:
 * <ul>
 *   <li>{@code GET /} the page (static files from {@code webroot/} on the class path);</li>
 *   <li>{@code POST /api/score} a JPEG/PNG photo or DICOM file, multipart or raw body, answered with the
 *       BA probability, label, model, timing and the Grad-CAM overlay (same access rule as the viewer:
 *       an upload is patient data);</li>
 *   <li>{@code GET /api/studies}, {@code /api/studies/{id}} and their CAM thumbnails (bearer token, as FHIR).</li>
 * </ul>
 * Errors are OperationOutcomes like the FHIR API's. Wiring:
 * <pre>{@code
 * WebModule web = new WebModule(scorer, model, store, WebSettings.from(config));
 * web.install(vertx, apiServer, fhirSettings);   // before or after apiServer.start()
 * ...
 * web.close();                                    // after the server has stopped
 * }</pre>
 */
public final class WebModule implements AutoCloseable {
    private final FrameScorer scorer;
    private final ModelInfo model;
    private final ReportStore store;
    private final WebSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private WorkerExecutor scoringPool;

    public WebModule(FrameScorer scorer, ModelInfo model, ReportStore store, WebSettings settings) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.model = Objects.requireNonNull(model, "model");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Mounts {@code /api} and the page on the server's router; call once, before or after it starts.
     *
     * @param http the server's settings: the viewer needs the bearer token exactly when the FHIR API does
     *             ({@code http.auth}), checked by the server's own {@link ApiServer#auth()}
     */
    public void install(Vertx vertx, ApiServer server, FhirSettings http) {
        server.mount("/api", apiRouter(vertx, new TokenGate(server.auth(), http.authRequired()), server.workers()));
        installPage(server.router());
    }

    /**
     * The {@code /api} sub-router on its own, for a server other than {@link ApiServer}.
     *
     * @param auth        lets a request through only with the right bearer token, else answers (or fails it with) 401
     * @param storeWorkers the pool for report store queries
     */
    public Router apiRouter(Vertx vertx, Handler<RoutingContext> auth, WorkerExecutor storeWorkers) {
        if (scoringPool != null) {
            throw new IllegalStateException("the web module is already installed");
        }
        scoringPool = vertx.createSharedWorkerExecutor("gbscan-web-scoring", settings.scoringThreads());
        Router api = Router.router(vertx);
        new ScoreRoutes(new UploadScoring(scorer, model, store, settings), scoringPool, settings, json).install(api, auth);
        new StudyRoutes(store, storeWorkers, settings, json).install(api, auth);
        api.route().handler(Outcomes::notFound);
        api.route().failureHandler(Outcomes::failure);
        return api;
    }

    /** The page at {@code /} (and {@code /ui}, the path the architecture names, redirects to it). */
    public void installPage(Router root) {
        root.get("/ui").handler(ctx -> ctx.redirect("/"));
        root.route().method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
                .handler(WebModule::pageHeaders)
                .handler(StaticHandler.create("webroot").setIndexPage("index.html").setMaxAgeSeconds(60)
                        .setDefaultContentEncoding("UTF-8"));
    }

    public WebSettings settings() {
        return settings;
    }

    /** The page loads nothing from elsewhere; say so to the browser. */
    private static void pageHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'none';"
                        + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    @Override
    public void close() {
        if (scoringPool != null) {
            scoringPool.close();
        }
    }
}
