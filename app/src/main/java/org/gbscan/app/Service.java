package org.gbscan.app;

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
import org.gbscan.inference.BatchingScorer;
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
 * One running gbscan: report store, model, outbox, Camel route, HTTP server and, last, the DICOM
 * listener — so nothing is accepted before the pipeline behind it can take it. Closing goes in the
 * opposite order: stop accepting, drain the route, then the rest. The route gets what is left of
 * {@code route.shutdownTimeout} less a reserve for the rest; a study still being scored then is dropped
 * from memory and stays pending in the spool, scored again at the next start.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DicomListener listener;
    private ApiServer http;
    private ModelInfo model;
    private String device;
    private Reporting reporting;
    private Duration shutdownTimeout = Duration.ofSeconds(60);
    /** System.nanoTime() by which close() should be done; set when it starts. */
    private volatile long closeDeadlineNanos;

    private Service() {
    }

    public static Service start(Config config) throws Exception {
        Service service = new Service();
        try {
            service.startAll(config);
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    private void startAll(Config config) throws Exception {
        InferenceSettings inference = InferenceSettings.from(config);
        ReportingSettings reporting = ReportingSettings.from(config);
        FhirSettings fhir = FhirSettings.from(config);
        ListenerSettings listening = ListenerSettings.from(config);

        ReportStore store = remember(ReportStore.open(fhir));
        // closed after everything that records into it (resources close in reverse order)
        AuditSettings auditing = AuditSettings.from(config);
        AuditTrail audit = remember(new AuditTrail(store, auditing.syslogOrNull(), auditing.site()));
        ScoringModel scoringModel = remember(ModelDirectory.load(inference.requireModelDir()));
        model = scoringModel.info();
        device = scoringModel.deviceName();
        BatchingScorer scorer = remember(new BatchingScorer(scoringModel, inference, registry)); // its meters on /metrics

        Reporting results = remember(Reporting.start(reporting, registry, audit, PacsTls.from(config)));
        this.reporting = results;

        RouteSettings route = RouteSettings.from(config);
        shutdownTimeout = route.shutdownTimeout();
        CamelContext camel = new DefaultCamelContext();
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        camel.getShutdownStrategy().setTimeout(shutdownTimeout.toMillis());
        Routes.Endpoints endpoints = new Routes.Endpoints(route.studiesUri(), route.concurrency(), route.maxAttempts(),
                route.retryDelay().toMillis());
        StudyFailures failures = new StudyFailures(Clock.systemUTC(), route.studyFailuresWindow());
        DicomListener[] listenerRef = new DicomListener[1];
        camel.addRoutes(new Routes(endpoints, new StudyLoader(inference.cineFrames(), listening.imageLimits()),
                new StudyScoring(new StudyScorer(scorer, model)), new ResultPublisher(results, store, reporting.camTopK()),
                done -> listenerRef[0].markDone(done.studyInstanceUid(), done.revision()), failures::failed));
        camel.start();
        started.add(() -> stopRoute(camel));
        ProducerTemplate producer = camel.createProducerTemplate();

        // No file cache: serving the page from the class path would otherwise write .vertx/ into the working directory.
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)));
        started.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new Health.OutboxCheck(results, route.outboxMaxAge()));
        checks.add(new Health.RouteCheck(camel, Routes.ROUTE_ID, failures, route.maxAttempts()));
        http = new ApiServer(vertx, fhir, store, registry, checks).auditTo(audit).limits(HttpLimits.from(config));
        WebModule web = new WebModule(scorer, model, store, WebSettings.from(config));
        web.install(vertx, http, fhir);
        http.start();
        started.add(http);
        started.add(web);

        listener = DicomListener.start(listening, ready -> producer.sendBody(endpoints.studies(), ready), registry, audit);
        listenerRef[0] = listener;
        failures.parked(listener.parkedAtStart());
        started.add(listener);
        http.addHealthCheck(new Health.ListenerCheck(listener));
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.add(resource);
        return resource;
    }

    public int dicomPort() {
        return listener.port();
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

    public Path spoolDir() {
        return listener.spoolDir();
    }

    /** Studies received and not yet finished (settling, queued or being scored). */
    public int pendingStudies() {
        return listener.pendingStudies();
    }

    public int outboxDepth() {
        return reporting.health().depth();
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
