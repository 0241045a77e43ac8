package org.gbscan.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gbscan.core.Config;
import org.gbscan.core.ModelInfo;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.api.ApiServer;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.inference.FrameScorer;

/**
 * The service's HTTP server as {@code gbscan serve} builds it (FHIR API, health, metrics) with the web
 * module installed, on a free loopback port, with its own in-memory report store.
 */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "web-test-token-5f1c";

    final Vertx vertx;
    final ReportStore store;
    final ApiServer server;
    final WebModule web;
    final String baseUrl;

    private TestServer(Vertx vertx, ReportStore store, ApiServer server, WebModule web, String baseUrl) {
        this.vertx = vertx;
        this.store = store;
        this.server = server;
        this.web = web;
        this.baseUrl = baseUrl;
    }

    static TestServer start(FrameScorer scorer, ModelInfo model, WebSettings settings) throws Exception {
        FhirSettings fhir = FhirSettings.from(Config.of(Map.of(
                "store.jdbcUrl", "jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "http.host", "127.0.0.1",
                "http.port", "0",
                "http.token", TOKEN)));
        // No file cache: the class-path webroot is served without a .vertx folder in the working directory.
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)));
        ReportStore store = ReportStore.open(fhir);
        ApiServer server = new ApiServer(vertx, fhir, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
        WebModule web = new WebModule(scorer, model, store, settings);
        web.install(vertx, server, fhir);
        int port = server.start();
        return new TestServer(vertx, store, server, web, "http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        server.close();
        web.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
