package org.gbscan.fhir.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gbscan.core.Config;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.TestStudies;
import org.gbscan.fhir.auth.Scope;
import org.gbscan.fhir.auth.TestIssuer;
import org.gbscan.fhir.store.ReportStore;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** http.auth=jwt: signed access tokens from a test issuer, SMART scopes, 401 versus 403, honest metadata. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAccessTest {
    private static final String TOKEN_ENDPOINT = "https://idp.hospital.test/oauth2/token";
    private static final String AUTHORIZATION_ENDPOINT = "https://idp.hospital.test/oauth2/authorize";
    private Vertx vertx;
    private ReportStore store;
    private ApiServer server;
    private TestIssuer issuer;
    private String base;
    private String reportId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        issuer = new TestIssuer(dir);
        FhirSettings settings = FhirSettings.from(Config.of(Map.of(
                "store.jdbcUrl", "jdbc:h2:mem:jwt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "http.host", "127.0.0.1", "http.port", "0", "http.auth", "jwt",
                "http.jwt.jwks", issuer.jwks.toString(), "http.jwt.issuer", TestIssuer.ISSUER,
                "http.jwt.audience", TestIssuer.AUDIENCE, "http.jwt.clockSkew", "60s",
                "http.jwt.tokenEndpoint", TOKEN_ENDPOINT, "http.jwt.authorizationEndpoint", AUTHORIZATION_ENDPOINT)));
        store = ReportStore.open(settings);
        reportId = store.save(TestStudies.result("jwt", "PID-JWT", "20250301", 0.7), Map.of());
        vertx = Vertx.vertx();
        server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String diagnostics(HttpResponse<String> r) {
        return Fhir.context().newJsonParser().parseResource(OperationOutcome.class, r.body()).getIssueFirstRep().getDiagnostics();
    }

    @Test
    void rs256AndEs256TokensWithTheRightScopeRead() throws Exception {
        String rsa = issuer.rs256(TestIssuer.claims("system/DiagnosticReport.read"));
        String ec = issuer.es256(TestIssuer.claims("system/*.read"));

        assertThat(get("/fhir/DiagnosticReport/" + reportId, rsa).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/DiagnosticReport?_count=5", rsa).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Observation?_count=5", ec).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", ec).statusCode()).isEqualTo(200);
    }

    @Test
    void noTokenAnExpiredOneAWrongIssuerAForgedSignatureOrAlgNoneGive401WithAnOperationOutcome() throws Exception {
        JsonObject expired = TestIssuer.claims("system/*.read").put("exp", Instant.now().minusSeconds(300).getEpochSecond());
        JsonObject otherIssuer = TestIssuer.claims("system/*.read").put("iss", "https://evil.test");
        JsonObject otherAudience = TestIssuer.claims("system/*.read").put("aud", "https://someone-else.test");
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired", issuer.rs256(expired));
        tokens.put("issuer", issuer.rs256(otherIssuer));
        tokens.put("audience", issuer.es256(otherAudience));
        tokens.put("signature", issuer.forged(TestIssuer.claims("system/*.read")));
        tokens.put("alg none", TestIssuer.unsigned(TestIssuer.claims("system/*.read")));
        tokens.put("garbage", "not.a.jwt");

        HttpResponse<String> none = get("/fhir/DiagnosticReport", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            HttpResponse<String> r = get("/fhir/DiagnosticReport", t.getValue());
            assertThat(r.statusCode()).as(t.getKey()).isEqualTo(401);
            assertThat(diagnostics(r)).as(t.getKey()).startsWith("invalid access token");
        }
        assertThat(diagnostics(get("/fhir/DiagnosticReport", tokens.get("expired")))).contains("expired");
        assertThat(get("/metrics", tokens.get("signature")).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenJustExpiredWithinTheClockSkewIsStillAccepted() throws Exception {
        JsonObject late = TestIssuer.claims("system/*.read").put("exp", Instant.now().minusSeconds(20).getEpochSecond());

        assertThat(get("/fhir/DiagnosticReport", issuer.rs256(late)).statusCode()).isEqualTo(200);
    }

    @Test
    void aValidTokenWithoutTheScopeGives403() throws Exception {
        String observationsOnly = issuer.rs256(TestIssuer.claims("system/Observation.read"));
        String pageUser = issuer.es256(TestIssuer.claims("user/*.read"));

        HttpResponse<String> report = get("/fhir/DiagnosticReport/" + reportId, observationsOnly);
        HttpResponse<String> metrics = get("/metrics", pageUser);

        assertThat(report.statusCode()).isEqualTo(403);
        assertThat(report.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertThat(diagnostics(report)).contains("system/DiagnosticReport.read");
        assertThat(metrics.statusCode()).isEqualTo(403);
        assertThat(get("/fhir/Observation", observationsOnly).statusCode()).isEqualTo(200);
    }

    @Test
    void metadataIsOpenAndDescribesSmartScopes() throws Exception {
        HttpResponse<String> r = get("/fhir/metadata", null);
        CapabilityStatement cs = Fhir.context().newJsonParser().parseResource(CapabilityStatement.class, r.body());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cs.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        assertThat(cs.getRestFirstRep().getSecurity().getDescription()).contains(TestIssuer.ISSUER).contains("system/*.read");
    }

    @Test
    void smartDiscoveryIsOpenAndNamesTheIssuerItsEndpointsAndTheScopesWeCheck() throws Exception {
        HttpResponse<String> atRoot = get("/.well-known/smart-configuration", null);
        HttpResponse<String> underFhir = get("/fhir/.well-known/smart-configuration", null);
        JsonObject doc = new JsonObject(atRoot.body());

        assertThat(atRoot.statusCode()).isEqualTo(200);
        assertThat(atRoot.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new JsonObject(underFhir.body())).isEqualTo(doc);
        assertThat(doc.getString("issuer")).isEqualTo(TestIssuer.ISSUER);
        assertThat(doc.getString("token_endpoint")).isEqualTo(TOKEN_ENDPOINT);
        assertThat(doc.getString("authorization_endpoint")).isEqualTo(AUTHORIZATION_ENDPOINT);
        assertThat(doc.getJsonArray("grant_types_supported").getList()).containsExactly("client_credentials", "authorization_code");
        assertThat(doc.getJsonArray("code_challenge_methods_supported").getList()).containsExactly("S256");
        assertThat(doc.getJsonArray("capabilities").getList()).contains("permission-v1", "permission-v2",
                "client-confidential-asymmetric", "launch-standalone");
        assertThat(doc.getJsonArray("scopes_supported").getList()).contains("system/DiagnosticReport.read",
                "system/AuditEvent.read", "system/*.read", "user/*.read");
        assertThat(doc.containsKey("jwks_uri")).as("a JWKS file is not a URL to advertise").isFalse();
    }

    @Test
    void everyAdvertisedScopeOpensWhatItNames() throws Exception {
        for (Object advertised : new JsonObject(get("/.well-known/smart-configuration", null).body()).getJsonArray("scopes_supported")) {
            String scope = (String) advertised;
            if (scope.startsWith("user/")) {
                assertThat(Scope.PAGE.grantedBy(List.of(scope))).as(scope + " opens the page's /api").isTrue();
                continue;
            }
            // a read of an id that does not exist: past the scope check it is a 404, refused it would be 403
            String path = scope.equals("system/*.read") ? "/metrics"
                    : "/fhir/" + scope.substring("system/".length(), scope.indexOf('.')) + "/no-such-id";

            int status = get(path, issuer.rs256(TestIssuer.claims(scope))).statusCode();

            assertThat(status).as(scope + " on " + path).isIn(200, 404);
        }
    }

    @Test
    void aStaticTokenIsNotAdvertisedAsOAuth() {
        CapabilityStatement cs = CapabilityStatements.build("http://x/fhir", "token",
                new org.gbscan.fhir.auth.StaticTokenPolicy("t").describe(), new java.util.Date());

        assertThat(cs.getRestFirstRep().getSecurity().getService()).isEmpty();
        assertThat(cs.getRestFirstRep().getSecurity().getDescription()).contains("static token").contains("not OAuth");
    }
}
