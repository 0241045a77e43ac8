package org.gbscan.fhir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gbscan.core.Config;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.TestStudies;
import org.gbscan.fhir.store.ReportStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, metrics, configuration, and the application's own routes on the same server. */
class ServerOperationsTest {
    private static final String TOKEN = "ops-token";
    @TempDir
    Path dir;
    private Vertx vertx;
    private ReportStore store;
    private ApiServer server;
    private String root;
    private final AtomicBoolean outboxHealthy = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        FhirSettings settings = FhirSettings.from(Config.of(Map.of("store.dir", dir.toString(), "http.port", "0",
                "http.host", "127.0.0.1", "http.token", TOKEN, "fhir.zone", "UTC")));
        store = ReportStore.open(settings);
        vertx = Vertx.vertx();
        HealthCheck outbox = new HealthCheck() {
            @Override
            public String name() {
                return "outbox";
            }

            @Override
            public Status check() {
                return outboxHealthy.get() ? Status.up("0 queued") : Status.down("PACS unreachable for 5 min");
            }
        };
        server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(outbox));
        Router api = Router.router(vertx);
        api.route().handler(server.auth());
        api.get("/studies").handler(ctx -> server.workers().executeBlocking(() -> store.recentStudies(10), false)
                .onSuccess(list -> ctx.json(new JsonObject().put("count", list.size())))
                .onFailure(ctx::fail));
        server.mount("/api", api);
        server.router().get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html").end("<h1>gbscan</h1>"));
        root = "http://127.0.0.1:" + server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWhileEveryCheckIsUpAndDownWithTheFailingCheckNamed() throws Exception {
        HttpResponse<String> up = get("/health");
        outboxHealthy.set(false);
        HttpResponse<String> down = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(up.body()).getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("name")))
                .containsExactly("reportStore", "outbox");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("PACS unreachable");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void healthTurnsDownWhenTheDatabaseIsGone() throws Exception {
        store.close();
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(response.body()).getJsonArray("checks").getJsonObject(0).getString("status")).isEqualTo("DOWN");
    }

    @Test
    void metricsExposeRequestTimingsInPrometheusFormat() throws Exception {
        get("/fhir/metadata");
        get("/fhir/DiagnosticReport/rep-1", "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> withoutToken = get("/metrics");
        HttpResponse<String> metrics = get("/metrics", "Authorization", "Bearer " + TOKEN);

        assertThat(withoutToken.statusCode()).isEqualTo(401); // like everything but metadata, health and the page
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/fhir/metadata\",status=\"200\"} 1")
                .contains("route=\"/fhir/DiagnosticReport/{id}\",status=\"404\"");
    }

    @Test
    void theApplicationsRoutesShareTheServerAndTheBearerToken() throws Exception {
        store.save(TestStudies.result("app", "PID-1", "20250101", 0.5), Map.of());

        HttpResponse<String> refused = get("/api/studies");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(new JsonObject(refused.body()).getString("error")).contains("bearer token");
        HttpResponse<String> studies = get("/api/studies", "Authorization", "Bearer " + TOKEN);
        assertThat(studies.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(studies.body()).getInteger("count")).isEqualTo(1);
        assertThat(get("/").body()).contains("gbscan");
    }

    @Test
    void aTakenPortIsReportedWithTheSettingToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            FhirSettings clash = FhirSettings.from(Config.of(Map.of("store.dir", dir.toString(), "http.auth", "none",
                    "http.host", "127.0.0.1", "http.port", Integer.toString(taken.getLocalPort()))));
            ApiServer second = new ApiServer(vertx, clash, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
            try {
                assertThatThrownBy(second::start).isInstanceOf(ApiStartException.class).hasMessageContaining("http.port");
            } finally {
                second.close();
            }
        }
    }

    @Test
    void settingsRefuseTokenAuthWithoutATokenAndNeverPrintSecrets() {
        assertThatThrownBy(() -> FhirSettings.from(Config.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http.token");
        FhirSettings s = FhirSettings.from(Config.of(Map.of("http.token", "s3cret", "store.password", "pw",
                "store.jdbcUrl", "jdbc:postgresql://db/reports")));
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("pw");
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.httpHost()).isEqualTo("0.0.0.0");
        assertThat(s.isPostgres()).isTrue();
        assertThat(FhirSettings.from(Config.of(Map.of("http.auth", "none", "fhir.zone", "Asia/Shanghai"))).zone())
                .isEqualTo(ZoneId.of("Asia/Shanghai"));
    }
}
