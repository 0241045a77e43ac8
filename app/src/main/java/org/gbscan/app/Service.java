package org.gbscan.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.gbscan.app.pipeline.ResultPublisher;
import org.gbscan.app.pipeline.StudyLoader;
import org.gbscan.app.pipeline.StudyScoring;
import org.gbscan.core.Config;
import org.gbscan.core.ModelInfo;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.api.ApiServer;
import org.gbscan.fhir.audit.AuditSettings;
import org.gbscan.fhir.audit.AuditTrail;
import org.gbscan.fhir.api.HealthCheck;
import org.gbscan.fhir.api.HttpLimits;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.handoff.BrokerSettings;
import org.gbscan.handoff.HandOff;
import org.gbscan.inference.BatchingScorer;
import org.gbscan.inference.DjlEnvironment;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.StudyScorer;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.listener.DicomListener;
import org.gbscan.listener.ListenerSettings;
import org.gbscan.reporting.ReportingSettings;
import org.gbscan.reporting.Reporting;
import org.gbscan.reporting.tls.PacsTls;
import org.gbscan.web.WebModule;
import org.gbscan.web.WebSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gbscan: report store, model, outbox, hand-off, Camel routes, HTTP server and, last, the DICOM
 * listener — so nothing is accepted before the pipeline behind it can take it. Closing goes in the
 * opposite order: stop accepting, drain the route, then the rest. The route gets what is left of
 * {@code route.shutdownTimeout} less a reserve for the rest; a study still being scored then is dropped
 * from memory and stays pending in the spool, scored again at the next start. A {@link Role} leaves out what
 * the node does not do: a listener node loads no model and has no outbox; a worker has no DICOM listener.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile DicomListener listener;
    private ApiServer http;
    private ModelInfo model;
    private String device;
    private Reporting reporting;
    private Duration shutdownTimeout = Duration.ofSeconds(60);
    /** System.nanoTime() by which close() should be done; set when it starts. */
    private volatile long closeDeadlineNanos;

    private Service() {
    }

    /** Today's single process: receives, scores and publishes. */
    public static Service start(Config config) throws Exception {
        return start(config, Role.ALL);
    }

    public static Service start(Config config, Role role) throws Exception {
        Service service = new Service();
        try {
            service.startAll(config, role);
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    private void startAll(Config config, Role role) throws Exception {
        InferenceSettings inference = InferenceSettings.from(config);
        ReportingSettings reporting = ReportingSettings.from(config);
        FhirSettings fhir = FhirSettings.from(config);
        ListenerSettings listening = ListenerSettings.from(config);
        RouteSettings route = RouteSettings.from(config);
        BrokerSettings broker = BrokerSettings.from(config);
        if (role != Role.ALL && !broker.enabled()) {
            throw new IllegalArgumentException("role " + role + " works through a broker: set route.broker.url (GBSCAN_ROUTE_BROKER_URL),"
                    + " e.g. tcp://localhost:61616 for ./gbscan broker");
        }

        ReportStore store = remember(ReportStore.open(fhir));
        // closed after everything that records into it (resources close in reverse order)
        AuditSettings auditing = AuditSettings.from(config);
        AuditTrail audit = remember(new AuditTrail(store, auditing.syslogOrNull(), auditing.site()));
        BatchingScorer scorer = null;
        Routes.Pipeline pipeline = null;
        if (role.scores()) {
            DjlEnvironment.threads(inference.threads()); // before the engine starts with the first model
            ScoringModel scoringModel = remember(ModelDirectory.load(inference.requireModelDir()));
            model = scoringModel.info();
            device = scoringModel.deviceName();
            scorer = remember(new BatchingScorer(scoringModel, inference, registry)); // its meters on /metrics
            Reporting results = remember(Reporting.start(reporting, registry, audit, PacsTls.from(config)));
            this.reporting = results;
            pipeline = new Routes.Pipeline(new StudyLoader(inference.cineFrames(), listening.imageLimits()), new StudyScoring(new StudyScorer(scorer, model)),
                    new ResultPublisher(results, store, reporting.camTopK()));
        }

        // closed after Camel has stopped (the JMS connection outlives the consumers)
        HandOff handOff = remember(HandOff.open(broker, route.studiesUri(), route.concurrency()));
        shutdownTimeout = route.shutdownTimeout();
        CamelContext camel = new DefaultCamelContext();
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        camel.getShutdownStrategy().setTimeout(shutdownTimeout.toMillis());
        handOff.install(camel);
        StudyFailures failures = new StudyFailures(Clock.systemUTC(), route.studyFailuresWindow());
        Routes.Failures counted = countedFailures(failures);
        // the outcome route starts once the listener it reports to is running (below)
        Routes.Completion completion = new Routes.Completion() {
            @Override
            public void done(String studyInstanceUid, int revision) throws Exception {
                listener.markDone(studyInstanceUid, revision);
            }

            @Override
            public void failed(String studyInstanceUid, int revision, String reason) throws Exception {
                listener.markFailed(studyInstanceUid, revision);
            }
        };
        camel.addRoutes(new Routes(new Routes.Settings(role, route.maxAttempts(), route.retryDelay().toMillis()), handOff, pipeline,
                role.receives() ? completion : null, counted));
        camel.start();
        started.add(() -> stopRoute(camel));
        ProducerTemplate producer = camel.createProducerTemplate();
        if (role.scores()) {
            Gauge.builder("gbscan.studies.in.flight", () -> camel.getInflightRepository().size(Routes.ROUTE_ID))
                    .description("studies this node is scoring now").strongReference(true).register(registry);
        }
        if (broker.enabled()) {
            Gauge.builder("gbscan.dead.letter.queue.studies", () -> handOff.status().deadLetters())
                    .description("studies waiting in the broker's dead-letter queue (" + broker.deadLetterQueue() + ")")
                    .strongReference(true).register(registry);
        }

        // No file cache: serving the page from the class path would otherwise write .vertx/ into the working directory.
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)));
        started.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
        List<HealthCheck> checks = new ArrayList<>();
        if (role.scores()) {
            checks.add(new Health.OutboxCheck(this.reporting, route.outboxMaxAge()));
        }
        checks.add(new Health.RouteCheck(camel, routeIds(role), failures, route.maxAttempts()));
        if (broker.enabled()) {
            checks.add(new Health.BrokerCheck(handOff));
        }
        http = new ApiServer(vertx, fhir, store, registry, checks).auditTo(audit).limits(HttpLimits.from(config));
        WebModule web = null;
        if (role.scores()) { // the page scores uploads itself: it needs the model
            web = new WebModule(scorer, model, store, WebSettings.from(config));
            web.install(vertx, http, fhir);
        }
        http.start();
        started.add(http);
        if (web != null) {
            started.add(web);
        }

        if (role.receives()) {
            listener = DicomListener.start(listening, ready -> producer.sendBody(Routes.SETTLED, ready), registry, audit);
            failures.parked(listener.parkedAtStart());
            started.add(listener);
            http.addHealthCheck(new Health.ListenerCheck(listener));
            camel.getRouteController().startRoute(Routes.OUTCOME_ROUTE_ID);
        }
    }

    private static List<String> routeIds(Role role) {
        List<String> ids = new ArrayList<>();
        if (role.receives()) {
            ids.addAll(List.of(Routes.HAND_OFF_ROUTE_ID, Routes.OUTCOME_ROUTE_ID));
        }
        if (role.scores()) {
            ids.add(Routes.ROUTE_ID);
        }
        return ids;
    }

    /** Failures counted for /health (within the window) and /metrics (since start). */
    private Routes.Failures countedFailures(StudyFailures failures) {
        Counter deadLettered = Counter.builder("gbscan.studies.dead.lettered")
                .description("studies sent to the broker's dead-letter queue after their last attempt").register(registry);
        return new Routes.Failures() {
            @Override
            public void gaveUp() {
                failures.gaveUp();
            }

            @Override
            public void deadLettered(String studyTag, int revision, String reason) {
                deadLettered.increment();
                failures.deadLettered(studyTag, revision, reason);
            }
        };
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.add(resource);
        return resource;
    }

    /** The DICOM port; -1 on a node that does not receive. */
    public int dicomPort() {
        return listener == null ? -1 : listener.port();
    }

    public int httpPort() {
        return http.port();
    }

    public ModelInfo model() {
        return model;
    }

    public String device() {
        return device;
    }

    /** The spool; null on a node that does not receive. */
    public Path spoolDir() {
        return listener == null ? null : listener.spoolDir();
    }

    /** Studies received and not yet finished (settling, queued or being scored); 0 on a node that does not receive. */
    public int pendingStudies() {
        return listener == null ? 0 : listener.pendingStudies();
    }

    /** Results waiting for the PACS; 0 on a node that does not score. */
    public int outboxDepth() {
        return reporting == null ? 0 : reporting.health().depth();
    }

    /** {@code route.shutdownTimeout}: how long closing may take, route draining included. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * The route drains for what is left of route.shutdownTimeout less a reserve for what closes after it
     * (outbox, scorer, store): a quarter of the timeout, at most 10 s. Studies still in flight then are cut
     * off; they were never marked done, so the spool offers them again at the next start.
     */
    private void stopRoute(CamelContext camel) throws Exception {
        long reserve = Math.min(TimeUnit.SECONDS.toNanos(10), shutdownTimeout.toNanos() / 4);
        long left = closeDeadlineNanos - System.nanoTime() - reserve;
        camel.getShutdownStrategy().setTimeout(Math.max(100, TimeUnit.NANOSECONDS.toMillis(left)));
        camel.close();
    }

    /** Stops accepting first, drains the route, then releases everything else; never throws. */
    @Override
    public void close() {
        closeDeadlineNanos = System.nanoTime() + shutdownTimeout.toNanos();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }

}
