package org.gbscan.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/score}: no sign-in (a phone at the ultrasound machine has no token); the upload is
 * read into memory with its size limit, then decoded and scored on the scoring pool, never on the
 * event loop. Nothing about the upload is kept unless {@code web.storeScores} is on.
 */
final class ScoreRoutes {
    private final UploadScoring scoring;
    private final WorkerExecutor scoringPool;
    private final WebSettings settings;
    private final ObjectMapper json;

    ScoreRoutes(UploadScoring scoring, WorkerExecutor scoringPool, WebSettings settings, ObjectMapper json) {
        this.scoring = scoring;
        this.scoringPool = scoringPool;
        this.settings = settings;
        this.json = json;
    }

    void install(Router api, io.vertx.core.Handler<RoutingContext> auth) {
        api.post("/score").handler(auth).handler(Outcomes.guarded(new UploadReceiver(settings.maxUploadBytes())))
                .handler(Outcomes.guarded(this::score));
        api.route("/score").handler(Outcomes::methodNotAllowed);
    }

    private void score(RoutingContext ctx) {
        Upload upload = ctx.get(UploadReceiver.KEY);
        scoringPool.executeBlocking(() -> scoring.score(upload), false)
                .onSuccess(result -> Responses.json(ctx, 200, json, result))
                .onFailure(e -> Outcomes.respond(ctx, e));
    }
}
