package org.gbscan.app;

import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.gbscan.app.pipeline.ResultPublisher;
import org.gbscan.app.pipeline.StudyLoader;
import org.gbscan.app.pipeline.StudyScoring;
import org.gbscan.app.pipeline.StudyWork;
import org.gbscan.app.pipeline.UnusableStudyException;
import org.gbscan.fhir.store.StudyPatientConflictException;
import org.gbscan.handoff.HandOff;
import org.gbscan.handoff.StudyOutcome;
import org.gbscan.handoff.StudyParcel;
import org.gbscan.listener.StudyReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The whole gbscan flow in one place. A study the listener has spooled and settled is handed off to the
 * {@code studies} endpoint; whoever scores it decodes it once, scores it, publishes the results (DICOM outbox +
 * FHIR store) and sends its outcome back; only then does the listener mark it done in the spool. Until that
 * moment a crash anywhere just hands the study on again.
 *
 * <pre>
 *   listener:  spool ──settled──▶ hand-off ──▶ [studies]                     [outcomes] ──▶ done / failed in the spool
 *   scoring:                                   [studies] ─▶ unpack ─▶ load ─▶ score ─▶ publish ─▶ [outcomes]
 * </pre>
 *
 * The endpoints come from the {@link HandOff}: an in-process queue (one process, {@code route.studies.uri}) or an
 * Artemis broker between a listener node and any number of workers ({@code route.broker.url}); the flow is the
 * same. In one process a failed attempt is retried in place, and a study failing past {@code route.maxAttempts}
 * stays in the spool for the next start. Through a broker a failed attempt goes back to the queue (to any worker,
 * after the broker's redelivery delay), and the last one goes to the dead-letter queue with its reason.
 */
public final class Routes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    /** The MDC key of the study's log tag (a hash of its UID, never a name), e.g. a field of JSON log lines. */
    static final String STUDY_MDC_KEY = "study";
    /** Where the listener puts a settled study ({@link StudyReady}). */
    static final String SETTLED = "direct:settled";
    /** The id of the scoring route, which /health watches. */
    static final String ROUTE_ID = "study";
    static final String HAND_OFF_ROUTE_ID = "hand-off";
    static final String OUTCOME_ROUTE_ID = "outcome";

    /** What the listener does with an outcome; called once its results are durable (or it was given up). */
    public interface Completion {
        void done(String studyInstanceUid, int revision) throws Exception;

        void failed(String studyInstanceUid, int revision, String reason) throws Exception;
    }

    /** Where given-up studies are counted, for /health and /metrics. */
    public interface Failures {
        /** In one process: a study failed after its last attempt and stays in the spool for the next start. */
        void gaveUp();

        /** Through a broker: a study went to the dead-letter queue. */
        void deadLettered(String studyTag, int revision, String reason);
    }

    /** The scoring steps; absent on a listener node. */
    public record Pipeline(StudyLoader loader, StudyScoring scoring, ResultPublisher publisher) {
    }

    public record Settings(Role role, int maxAttempts, long retryDelayMs) {
    }

    private final Settings settings;
    private final HandOff handOff;
    private final Pipeline pipeline;
    private final Completion completion;
    private final Failures failures;

    /**
     * @param pipeline   null when the role does not score
     * @param completion null when the role does not receive
     */
    public Routes(Settings settings, HandOff handOff, Pipeline pipeline, Completion completion, Failures failures) {
        if (settings.role().scores() && pipeline == null || settings.role().receives() && completion == null) {
            throw new IllegalArgumentException("role " + settings.role() + " needs " + (pipeline == null ? "the scoring pipeline" : "a completion"));
        }
        this.settings = settings;
        this.handOff = handOff;
        this.pipeline = pipeline;
        this.completion = completion;
        this.failures = failures;
    }

    @Override
    public void configure() {
        if (settings.role().receives()) {
            // If the queue refuses the study (broker away, queue full), the listener offers it again after a settle time.
            from(SETTLED).routeId(HAND_OFF_ROUTE_ID).errorHandler(noErrorHandler())
                    .process(exchange -> exchange.getIn().setBody(parcel(exchange.getIn().getBody(StudyReady.class))))
                    .process(handOff.packStudy())
                    .to(handOff.studiesOut());

            // A failure here is retried by the caller: in one process the scoring route, through a broker the broker.
            // Started by the Service once the listener it reports to runs.
            from(handOff.outcomesIn()).routeId(OUTCOME_ROUTE_ID).autoStartup(false).errorHandler(noErrorHandler())
                    .process(handOff.unpackOutcome())
                    .process(this::record);
        }
        if (settings.role().scores()) {
            scoring();
        }
    }

    private void scoring() {
        RouteDefinition route = from(handOff.studiesIn()).routeId(ROUTE_ID);
        // Nothing in the study can be scored, or its report belongs to another patient: retrying will not help.
        route.onException(UnusableStudyException.class, StudyPatientConflictException.class).handled(true)
                .log(LoggingLevel.WARN, LOG, "${exception.message}; marked done without results")
                .process(this::doneOutcome).process(handOff.packOutcome()).to(handOff.outcomesOut())
                .end();
        if (handOff.redelivers()) {
            route.errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhausted(false).onExceptionOccurred(this::logFailedAttempt));
            route.onException(Exception.class).onWhen(this::lastAttempt).handled(true)
                    .process(this::logGivenUp)
                    .process(handOff.deadLetter()).to(handOff.deadLettersOut())
                    .process(this::failedOutcome).process(handOff.packOutcome()).to(handOff.outcomesOut())
                    .end();
            route.onCompletion().process(handOff.release()).end(); // this node's copy of the instances
        } else {
            route.errorHandler(inPlaceRetries());
            route.onCompletion().onFailureOnly().process(exchange -> failures.gaveUp()).end();
        }

        route.process(handOff.unpackStudy())
                .process(step(this::arrived))
                .process(step(pipeline.loader()::load))
                .process(step(pipeline.scoring()::score))
                .process(step(pipeline.publisher()::publish))
                .process(step(this::complete))
                .process(this::doneOutcome).process(handOff.packOutcome()).to(handOff.outcomesOut());
    }

    /** Disk or store trouble in one process: tried again in place with backoff, then left in the spool. */
    private org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition inPlaceRetries() {
        return defaultErrorHandler().maximumRedeliveries(settings.maxAttempts() - 1)
                .redeliveryDelay(settings.retryDelayMs()).useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN).logExhaustedMessageHistory(false);
    }

    private static StudyParcel parcel(StudyReady ready) {
        return StudyParcel.of(ready.studyInstanceUid(), ready.revision(), ready.files());
    }

    private boolean lastAttempt(Exchange exchange) {
        return handOff.attempt(exchange) >= settings.maxAttempts();
    }

    /** A study the queue delivers more often than route.maxAttempts: the attempts before ended without an outcome. */
    private StudyWork arrived(StudyWork work) throws GivenUpException {
        int attempt = work.parcel().attempt();
        if (attempt > settings.maxAttempts()) {
            throw new GivenUpException("delivered " + attempt + " times; " + (attempt - 1) + " attempts ended without an outcome"
                    + " (the worker stopped or crashed while scoring it)");
        }
        if (attempt > 1) {
            LOG.warn("study {} revision {} delivered again (attempt {} of {}): an earlier attempt failed or its worker stopped",
                    work.logTag(), work.revision(), attempt, settings.maxAttempts());
        }
        return work;
    }

    private StudyWork complete(StudyWork work) {
        var result = work.result();
        String verdict = result.isAssessable()
                ? String.format(Locale.ROOT, "BA probability %.3f, %s", result.baProbability(), result.label())
                : "not assessable (" + result.refusal().reason().code() + ")";
        LOG.info(String.format(Locale.ROOT, "study %s: %d frames (%d instances, %d skipped), %s, %.2f s",
                work.logTag(), result.frames().size(), work.images().size(), work.skippedFiles(), verdict,
                work.secondsSinceArrival()));
        return work;
    }

    private void doneOutcome(Exchange exchange) {
        exchange.getIn().setBody(StudyOutcome.done(exchange.getIn().getHeader(HandOff.STUDY_UID, String.class),
                exchange.getIn().getHeader(HandOff.REVISION, Integer.class)));
    }

    private void logGivenUp(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("study {} revision {} given up after attempt {}, sent to the dead-letter queue: {}", tag(exchange),
                exchange.getIn().getHeader(HandOff.REVISION), handOff.attempt(exchange), StudyOutcome.reasonOf(cause));
    }

    private void failedOutcome(Exchange exchange) {
        String uid = exchange.getIn().getHeader(HandOff.STUDY_UID, String.class);
        Integer revision = exchange.getIn().getHeader(HandOff.REVISION, Integer.class);
        String reason = exchange.getIn().getHeader(HandOff.REASON, String.class);
        if (uid == null || revision == null) {
            exchange.setRouteStop(true); // a foreign message: no listener to tell
            return;
        }
        if (!settings.role().receives()) { // a node that also receives counts it when the outcome arrives
            failures.deadLettered(tag(exchange), revision, reason);
        }
        exchange.getIn().setBody(StudyOutcome.failed(uid, revision, reason));
    }

    private static String tag(Exchange exchange) {
        String uid = exchange.getIn().getHeader(HandOff.STUDY_UID, String.class);
        return uid == null ? "(unknown)" : org.gbscan.core.LogTags.of(uid);
    }

    private void logFailedAttempt(Exchange exchange) {
        if (!lastAttempt(exchange)) {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            cause = cause == null ? exchange.getException() : cause;
            LOG.warn("study {} revision {} attempt {} of {} failed, back to the queue: {}", tag(exchange),
                    exchange.getIn().getHeader(HandOff.REVISION), handOff.attempt(exchange), settings.maxAttempts(),
                    StudyOutcome.reasonOf(cause));
        }
    }

    private void record(Exchange exchange) throws Exception {
        StudyOutcome outcome = exchange.getIn().getBody(StudyOutcome.class);
        if (outcome.kind() == StudyOutcome.Kind.DONE) {
            completion.done(outcome.studyInstanceUid(), outcome.revision());
        } else {
            LOG.error("study {} revision {} failed on every attempt and waits in the dead-letter queue: {}", outcome.logTag(),
                    outcome.revision(), outcome.reason());
            completion.failed(outcome.studyInstanceUid(), outcome.revision(), outcome.reason());
            failures.deadLettered(outcome.logTag(), outcome.revision(), outcome.reason());
        }
    }

    /** A pipeline step as a Camel processor: body in, body out; its log lines carry the study's tag in the MDC. */
    @FunctionalInterface
    interface Step {
        StudyWork apply(StudyWork work) throws Exception;
    }

    private static Processor step(Step step) {
        return (Exchange exchange) -> {
            Object body = exchange.getIn().getBody();
            StudyWork work = body instanceof StudyWork w ? w : StudyWork.arrived(exchange.getIn().getBody(StudyParcel.class));
            try (MDC.MDCCloseable tag = MDC.putCloseable(STUDY_MDC_KEY, work.logTag())) {
                exchange.getIn().setBody(step.apply(work));
            }
        };
    }

    /** A study the queue gave to scoring more often than route.maxAttempts. */
    static final class GivenUpException extends Exception {
        GivenUpException(String message) {
            super(message);
        }
    }
}
