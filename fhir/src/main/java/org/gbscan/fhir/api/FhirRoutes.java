package org.gbscan.fhir.api;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.auth.Scope;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.ReportStoreException;
import org.gbscan.fhir.store.SearchPage;
import org.gbscan.fhir.store.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only FHIR R4 REST API under {@code /fhir}: metadata, read and search. Store calls and
 * parsing run on a worker pool, never on the event loop.
 */
final class FhirRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FhirRoutes.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Map<String, SearchDefinition> SEARCHABLE = Map.of(
            "DiagnosticReport", SearchDefinition.DIAGNOSTIC_REPORT, "Observation", SearchDefinition.OBSERVATION);

    private final ReportStore store;
    private final FhirSettings settings;
    private final WorkerExecutor workers;
    private final FhirContext fhir;
    private final FhirResponses responses;
    private final Date started = new Date();
    private final String accessDescription;

    FhirRoutes(ReportStore store, FhirSettings settings, WorkerExecutor workers, FhirContext fhir, String accessDescription) {
        this.accessDescription = accessDescription;
        this.store = store;
        this.settings = settings;
        this.workers = workers;
        this.fhir = fhir;
        this.responses = new FhirResponses(fhir);
    }

    /** The router to mount at {@code /fhir/*}; {@code auth} guards everything but {@code /metadata} and SMART discovery. */
    Router router(Vertx vertx, BearerTokenAuth auth) {
        Router r = Router.router(vertx);
        r.get("/metadata").handler(this::metadata);
        r.get("/.well-known/smart-configuration").handler(SmartConfiguration.handler(settings.jwt()));
        r.route().handler(auth.requiring(ctx -> Scope.read(resourceType(ctx.request().path()))));
        r.post("/:type/_search")
                .handler(BodyHandler.create().setBodyLimit(settings.maxBodyBytes()).setHandleFileUploads(false))
                .handler(this::requireForm)
                .handler(this::search);
        r.get("/AuditEvent/:id").handler(this::readAuditEvent);
        r.get("/AuditEvent").handler(this::searchAuditEvents);
        r.get("/:type/:id").handler(this::read);
        r.get("/:type").handler(this::search);
        r.route().handler(ctx -> fail(ctx, ctx.request().method() == HttpMethod.GET
                ? FhirHttpException.notFound("no FHIR resource at " + ctx.request().path())
                : new FhirHttpException(405, IssueType.NOTSUPPORTED, "this FHIR server is read-only: "
                        + ctx.request().method() + " is not supported")));
        r.route().failureHandler(this::failure);
        return r;
    }

    /** The resource type a path under /fhir names ("DiagnosticReport" for /fhir/DiagnosticReport/x/_history). */
    static String resourceType(String path) {
        int i = path.indexOf("/fhir/");
        String rest = i < 0 ? "" : path.substring(i + 6);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private void metadata(RoutingContext ctx) {
        FhirFormat format = FhirResponses.format(ctx);
        String body = responses.encode(CapabilityStatements.build(baseUrl(ctx), settings.authMode(), accessDescription, started),
                format, FhirResponses.pretty(ctx));
        responses.send(ctx, 200, format, body);
    }

    private void read(RoutingContext ctx) {
        FhirFormat format = FhirResponses.format(ctx);
        String type = ctx.pathParam("type");
        String id = ctx.pathParam("id");
        if (!ReportStore.readableTypes().contains(type)) {
            throw FhirHttpException.notFound("unknown resource type '" + type + "'; this server has "
                    + String.join(", ", ReportStore.readableTypes().stream().sorted().toList()));
        }
        if (!ID.matcher(id).matches()) {
            throw FhirHttpException.badRequest("'" + id + "' is not a valid FHIR id");
        }
        boolean pretty = FhirResponses.pretty(ctx);
        workers.executeBlocking(() -> {
            StoredResource found = store.read(type, id)
                    .orElseThrow(() -> FhirHttpException.notFound(type + "/" + id + " is not known"));
            String body = format == FhirFormat.JSON && !pretty ? found.json()
                    : responses.encode(fhir.newJsonParser().parseResource(found.json()), format, pretty);
            return Map.entry(found, body);
        }, false).onSuccess(result -> {
            StoredResource found = result.getKey();
            ctx.response().putHeader("ETag", "W/\"" + found.versionId() + "\"")
                    .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(found.lastUpdated().atOffset(ZoneOffset.UTC)))
                    .putHeader("Content-Location", baseUrl(ctx) + "/" + type + "/" + id + "/_history/" + found.versionId());
            responses.send(ctx, 200, format, result.getValue());
        }).onFailure(e -> fail(ctx, e));
    }

    private void search(RoutingContext ctx) {
        FhirFormat format = FhirResponses.format(ctx);
        String type = ctx.pathParam("type");
        SearchDefinition definition = SEARCHABLE.get(type);
        if (definition == null) {
            throw ReportStore.readableTypes().contains(type)
                    ? new FhirHttpException(400, IssueType.NOTSUPPORTED, type + " can only be read by id; search "
                            + String.join(" or ", SEARCHABLE.keySet().stream().sorted().toList()))
                    : FhirHttpException.notFound("unknown resource type '" + type + "'");
        }
        String prefer = ctx.request().getHeader("Prefer");
        boolean lenient = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("handling=lenient");
        Map<String, List<String>> params = parameters(ctx.queryParams());
        if (ctx.request().method() == HttpMethod.POST) {
            parameters(ctx.request().formAttributes()).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        SearchDefinition.Parsed search = definition.parse(params, lenient,
                settings.zone(), settings.defaultCount(), settings.maxCount());
        String base = baseUrl(ctx);
        boolean pretty = FhirResponses.pretty(ctx);
        workers.executeBlocking(() -> {
            SearchPage page = store.search(search.query());
            Bundle bundle = BundlePages.searchset(fhir, base, type, search, page);
            return responses.encode(bundle, format, pretty);
        }, false).onSuccess(body -> responses.send(ctx, 200, format, body)).onFailure(e -> fail(ctx, e));
    }

    /** The audit trail, newest first; {@code _count} alone (the trail is for an auditor, not a query engine). */
    private void searchAuditEvents(RoutingContext ctx) {
        FhirFormat format = FhirResponses.format(ctx);
        int count = settings.defaultCount();
        String asked = ctx.queryParams().get("_count");
        if (asked != null) {
            try {
                count = Math.max(1, Math.min(settings.maxCount(), Integer.parseInt(asked.trim())));
            } catch (NumberFormatException e) {
                throw FhirHttpException.badRequest("_count must be a number, got '" + asked + "'");
            }
        }
        int limit = count;
        String base = baseUrl(ctx);
        boolean pretty = FhirResponses.pretty(ctx);
        workers.executeBlocking(() -> {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            var parser = fhir.newJsonParser();
            for (String json : store.recentAuditEvents(limit)) {
                var event = parser.parseResource(org.hl7.fhir.r4.model.AuditEvent.class, json);
                bundle.addEntry().setFullUrl(base + "/AuditEvent/" + event.getIdElement().getIdPart()).setResource(event)
                        .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            }
            bundle.addLink().setRelation("self").setUrl(base + "/AuditEvent?_count=" + limit);
            return responses.encode(bundle, format, pretty);
        }, false).onSuccess(body -> responses.send(ctx, 200, format, body)).onFailure(e -> fail(ctx, e));
    }

    private void readAuditEvent(RoutingContext ctx) {
        FhirFormat format = FhirResponses.format(ctx);
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw FhirHttpException.badRequest("'" + id + "' is not a valid FHIR id");
        }
        boolean pretty = FhirResponses.pretty(ctx);
        workers.executeBlocking(() -> {
            String json = store.auditEvent(id).orElseThrow(() -> FhirHttpException.notFound("AuditEvent/" + id + " is not known"));
            return responses.encode(fhir.newJsonParser().parseResource(json), format, pretty);
        }, false).onSuccess(body -> responses.send(ctx, 200, format, body)).onFailure(e -> fail(ctx, e));
    }

    /** FHIR search by POST takes form parameters only (R4 3.1.1.3). */
    private void requireForm(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new FhirHttpException(415, IssueType.NOTSUPPORTED,
                    "POST _search needs Content-Type application/x-www-form-urlencoded, got " + (type == null ? "none" : type));
        }
        ctx.next();
    }

    private static Map<String, List<String>> parameters(MultiMap params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private String baseUrl(RoutingContext ctx) {
        if (!settings.publicBaseUrl().isEmpty()) {
            return settings.publicBaseUrl() + "/fhir";
        }
        var authority = ctx.request().authority();
        String hostPort = authority == null ? "localhost:" + settings.httpPort() : authority.toString();
        return ctx.request().scheme() + "://" + hostPort + "/fhir";
    }

    private void fail(RoutingContext ctx, Throwable e) {
        if (!ctx.failed()) {
            ctx.fail(e);
        }
    }

    private void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof FhirHttpException f) {
            responses.sendOutcome(ctx, f.status(), f.issueType(), f.getMessage());
        } else if (e instanceof ReportStoreException) {
            LOG.error("report store failed on {} {}", ctx.request().method(), ctx.request().path(), e);
            responses.sendOutcome(ctx, 503, IssueType.TRANSIENT, "the report store is not available; try again later");
        } else if (e != null) {
            LOG.error("FHIR request {} {} failed", ctx.request().method(), ctx.request().path(), e);
            responses.sendOutcome(ctx, 500, IssueType.EXCEPTION, "internal error: " + e.getClass().getSimpleName());
        } else {
            int status = ctx.statusCode();
            IssueType type = switch (status) {
                case 401 -> IssueType.LOGIN;
                case 403 -> IssueType.FORBIDDEN;
                case 404 -> IssueType.NOTFOUND;
                case 413 -> IssueType.TOOCOSTLY;
                default -> IssueType.PROCESSING;
            };
            if (status == 401 || status == 403) {
                ctx.response().putHeader("WWW-Authenticate", BearerTokenAuth.challenge(status));
            }
            responses.sendOutcome(ctx, status, type, switch (status) {
                case 401, 403 -> BearerTokenAuth.reason(ctx, "missing or invalid bearer token: send 'Authorization: Bearer <token>'");
                case 413 -> "request body is larger than " + settings.maxBodyBytes() + " bytes";
                default -> "request failed with HTTP " + status;
            });
        }
    }
}
