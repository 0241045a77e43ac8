package org.gbscan.app;

import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.gbscan.app.pipeline.ResultPublisher;
import org.gbscan.app.pipeline.StudyLoader;
import org.gbscan.app.pipeline.StudyScoring;
import org.gbscan.app.pipeline.StudyWork;
import org.gbscan.app.pipeline.UnusableStudyException;
import org.gbscan.fhir.store.StudyPatientConflictException;
import org.gbscan.listener.StudyReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The whole gbscan flow in one place. A study the listener has spooled and settled arrives on the
 * {@code studies} endpoint; it is decoded once, scored, published (DICOM outbox + FHIR store), and only
 * then marked done in the spool — until that moment a crash just re-queues it on the next start.
 *
 * <pre>
 *   spool ──study settled──▶ [studies] ─▶ load ─▶ score ─▶ publish ─▶ done
 * </pre>
 */
public final class Routes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    /** The MDC key of the study's log tag (a hash of its UID, never a name), e.g. a field of JSON log lines. */
    static final String STUDY_MDC_KEY = "study";
    /** The id of the scoring route, which /health watches. */
    static final String ROUTE_ID = "study";

    /** What the route needs from the listener once a study's results are durable. */
    @FunctionalInterface
    public interface Completion {
        void done(StudyReady study) throws Exception;
    }

    /** Endpoint URIs come from config ({@code route.studies.uri}) so a broker can replace the in-process queue. */
    public record Endpoints(String studies, int concurrency, int maxAttempts, long retryDelayMs) {
    }

    private final Endpoints endpoints;
    private final StudyLoader loader;
    private final StudyScoring scoring;
    private final ResultPublisher publisher;
    private final Completion completion;
    private final Runnable gaveUp;

    /** @param gaveUp told of each study that failed after its last attempt (for /health) */
    public Routes(Endpoints endpoints, StudyLoader loader, StudyScoring scoring, ResultPublisher publisher, Completion completion,
                  Runnable gaveUp) {
        this.endpoints = endpoints;
        this.gaveUp = gaveUp;
        this.loader = loader;
        this.scoring = scoring;
        this.publisher = publisher;
        this.completion = completion;
    }

    @Override
    public void configure() {
        // Nothing in a study can be scored: retrying is pointless, so it is closed with a clear log line.
        onException(UnusableStudyException.class).handled(true)
                .log(LoggingLevel.WARN, LOG, "${exception.message}; marked done without results")
                .process(step(this::completeUnusable));

        // The study's report belongs to another patient (a reused or forged Study Instance UID): permanent.
        onException(StudyPatientConflictException.class).handled(true)
                .log(LoggingLevel.WARN, LOG, "${exception.message}; marked done without results")
                .process(step(this::completeUnusable));

        // Anything else (store or disk trouble) is retried; if it persists the study stays in the spool
        // and is offered again at the next start.
        errorHandler(defaultErrorHandler().maximumRedeliveries(endpoints.maxAttempts() - 1)
                .redeliveryDelay(endpoints.retryDelayMs()).useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN).logExhaustedMessageHistory(false));
        // a study still failing after its last attempt: /health reports it (handled ones above are not failures)
        onCompletion().onFailureOnly().process(exchange -> gaveUp.run());

        from(endpoints.studies()).routeId(ROUTE_ID)
                .process(exchange -> exchange.getIn().setBody(StudyWork.arrived(exchange.getIn().getBody(StudyReady.class))))
                .process(step(loader::load))
                .process(step(scoring::score))
                .process(step(publisher::publish))
                .process(step(this::complete));
    }

    private StudyWork complete(StudyWork work) throws Exception {
        completion.done(work.ready());
        var result = work.result();
        String verdict = result.isAssessable()
                ? String.format(Locale.ROOT, "BA probability %.3f, %s", result.baProbability(), result.label())
                : "not assessable (" + result.refusal().reason().code() + ")";
        LOG.info(String.format(Locale.ROOT, "study %s: %d frames (%d instances, %d skipped), %s, %.2f s",
                work.logTag(), result.frames().size(), work.images().size(), work.skippedFiles(), verdict,
                work.secondsSinceArrival()));
        return work;
    }

    private StudyWork completeUnusable(StudyWork work) throws Exception {
        completion.done(work.ready());
        return work;
    }

    /** A pipeline step as a Camel processor: body in, body out; its log lines carry the study's tag in the MDC. */
    @FunctionalInterface
    interface Step {
        StudyWork apply(StudyWork work) throws Exception;
    }

    private static Processor step(Step step) {
        return (Exchange exchange) -> {
            Object body = exchange.getIn().getBody();
            StudyWork work = body instanceof StudyWork w ? w : StudyWork.arrived(exchange.getIn().getBody(StudyReady.class));
            try (MDC.MDCCloseable tag = MDC.putCloseable(STUDY_MDC_KEY, work.logTag())) {
                exchange.getIn().setBody(step.apply(work));
            }
        };
    }
}
