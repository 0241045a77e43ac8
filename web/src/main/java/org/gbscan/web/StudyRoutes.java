package org.gbscan.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;
import org.gbscan.fhir.store.FrameView;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.StudyDetail;
import org.gbscan.fhir.store.StudySummary;
import org.gbscan.web.JsonViews.FrameItem;
import org.gbscan.web.JsonViews.Links;
import org.gbscan.web.JsonViews.Model;
import org.gbscan.web.JsonViews.StudyItem;
import org.gbscan.web.JsonViews.StudyList;
import org.gbscan.web.JsonViews.StudyView;

/**
 * The study viewer's read-only API, behind the bearer token: recent studies, one study with its frames,
 * and the stored CAM thumbnails. Every store call runs on the worker pool.
 */
final class StudyRoutes {
    /** Same id syntax as the FHIR API (report ids are FHIR ids). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final ReportStore store;
    private final WorkerExecutor workers;
    private final WebSettings settings;
    private final ObjectMapper json;

    StudyRoutes(ReportStore store, WorkerExecutor workers, WebSettings settings, ObjectMapper json) {
        this.store = store;
        this.workers = workers;
        this.settings = settings;
        this.json = json;
    }

    void install(Router api, Handler<RoutingContext> auth) {
        api.get("/studies").handler(auth).handler(Outcomes.guarded(this::list));
        api.get("/studies/:id").handler(auth).handler(Outcomes.guarded(this::detail));
        api.get("/studies/:id/thumbnail.png").handler(auth).handler(Outcomes.guarded(this::thumbnail));
        api.get("/studies/:id/frames/:rank/cam.png").handler(auth).handler(Outcomes.guarded(this::frameCam));
    }

    private void list(RoutingContext ctx) {
        int limit = limit(ctx.request().getParam("limit"));
        workers.executeBlocking(() -> new StudyList(store.recentStudies(limit).stream().map(StudyRoutes::item).toList()), false)
                .onSuccess(body -> Responses.json(ctx, 200, json, body))
                .onFailure(e -> Outcomes.respond(ctx, e));
    }

    private void detail(RoutingContext ctx) {
        String id = id(ctx);
        workers.executeBlocking(() -> view(store.study(id).orElseThrow(() -> unknown(id))), false)
                .onSuccess(body -> Responses.json(ctx, 200, json, body))
                .onFailure(e -> Outcomes.respond(ctx, e));
    }

    private void thumbnail(RoutingContext ctx) {
        String id = id(ctx);
        workers.executeBlocking(() -> {
            StudyDetail study = store.study(id).orElseThrow(() -> unknown(id));
            FrameView first = study.frames().stream().filter(FrameView::hasCam).findFirst()
                    .orElseThrow(() -> ApiException.notFound("study " + id + " has no stored CAM thumbnail"));
            return store.camPng(id, first.frameKey()).orElseThrow(() -> ApiException.notFound("study " + id
                    + " has no stored CAM thumbnail"));
        }, false).onSuccess(png -> Responses.png(ctx, png)).onFailure(e -> Outcomes.respond(ctx, e));
    }

    private void frameCam(RoutingContext ctx) {
        String id = id(ctx);
        int rank = rank(ctx.pathParam("rank"));
        workers.executeBlocking(() -> {
            StudyDetail study = store.study(id).orElseThrow(() -> unknown(id));
            if (rank >= study.frames().size()) {
                throw ApiException.notFound("study " + id + " has " + study.frames().size() + " frames, no rank " + rank);
            }
            FrameView frame = study.frames().get(rank);
            return store.camPng(id, frame.frameKey()).orElseThrow(() -> ApiException.notFound("frame rank " + rank
                    + " of study " + id + " has no stored CAM thumbnail"));
        }, false).onSuccess(png -> Responses.png(ctx, png)).onFailure(e -> Outcomes.respond(ctx, e));
    }

    private int limit(String value) {
        if (value == null || value.isBlank()) {
            return settings.studiesLimit();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw ApiException.badRequest("limit must be a whole number >= 1, got '" + value + "'");
            }
            return Math.min(n, settings.studiesLimit());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a whole number >= 1, got '" + value + "'");
        }
    }

    private static int rank(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("frame rank must be a whole number >= 0, got '" + value + "'");
    }

    private static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("'" + id + "' is not a valid study id");
        }
        return id;
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("study " + id + " is not known");
    }

    static StudyItem item(StudySummary s) {
        return new StudyItem(s.id(), s.studyDate(), s.maskedPatientId(), probability(s), label(s), labelText(s),
                s.threshold(), new Model(s.modelName(), s.modelVersion(), null),
                s.issued().toString(), s.frameCount(), s.camCount(),
                s.camCount() > 0 ? "/api/studies/" + s.id() + "/thumbnail.png" : null,
                "/fhir/DiagnosticReport/" + s.id(), refused(s), refusedCode(s));
    }

    static StudyView view(StudyDetail d) {
        StudySummary s = d.summary();
        List<FrameItem> frames = d.frames().stream()
                .map(f -> new FrameItem(f.rank(), f.frameIndex(), f.baProbability(),
                        f.hasCam() ? "/api/studies/" + s.id() + "/frames/" + f.rank() + "/cam.png" : null))
                .toList();
        return new StudyView(s.id(), s.studyDate(), s.maskedPatientId(), probability(s), label(s), labelText(s),
                s.threshold(), new Model(s.modelName(), s.modelVersion(), null),
                s.issued().toString(), s.frameCount(), frames,
                new Links("/fhir/DiagnosticReport/" + d.diagnosticReportId(), "/fhir/Observation/" + d.observationId(),
                        "/fhir/Device/" + d.deviceId()), refused(s), refusedCode(s));
    }

    // A not-assessable study: null probability and label (JSON null, never NaN), the refusal in words and code.
    private static Double probability(StudySummary s) {
        return s.isAssessable() ? s.baProbability() : null;
    }

    private static String label(StudySummary s) {
        return s.isAssessable() ? s.label().name() : null;
    }

    private static String labelText(StudySummary s) {
        return s.isAssessable() ? s.label().description() : s.refusal().message();
    }

    private static String refused(StudySummary s) {
        return s.isAssessable() ? null : s.refusal().reason().text();
    }

    private static String refusedCode(StudySummary s) {
        return s.isAssessable() ? null : s.refusal().reason().code();
    }
}
