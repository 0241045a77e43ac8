package org.gbscan.handoff;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * One process does everything: the parcel itself goes through an in-process queue (its files stay in the
 * listener's spool), and the outcome comes back synchronously on the same exchange. Failed attempts are
 * retried in place by the route; nothing is dead-lettered (a study that keeps failing stays in the spool).
 */
public final class InProcessHandOff implements HandOff {
    static final String OUTCOMES = "direct:outcomes";
    private final String studies;

    /** @param studies the in-process queue, e.g. {@code seda:studies?size=10000&blockWhenFull=true&concurrentConsumers=2} */
    public InProcessHandOff(String studies) {
        this.studies = studies;
    }

    @Override
    public void install(CamelContext camel) {
        // seda and direct are found on the class path
    }

    @Override
    public String studiesOut() {
        return studies;
    }

    @Override
    public String studiesIn() {
        return studies;
    }

    @Override
    public String outcomesOut() {
        return OUTCOMES;
    }

    @Override
    public String outcomesIn() {
        return OUTCOMES;
    }

    @Override
    public String deadLettersOut() {
        throw new UnsupportedOperationException("an in-process hand-off retries in place and has no dead-letter queue");
    }

    @Override
    public Processor packStudy() {
        return exchange -> { };
    }

    @Override
    public Processor unpackStudy() {
        return exchange -> {
            StudyParcel parcel = exchange.getIn().getBody(StudyParcel.class);
            exchange.getIn().setHeader(STUDY_UID, parcel.studyInstanceUid());
            exchange.getIn().setHeader(REVISION, parcel.revision());
        };
    }

    @Override
    public Processor packOutcome() {
        return exchange -> { };
    }

    @Override
    public Processor unpackOutcome() {
        return exchange -> { };
    }

    @Override
    public Processor deadLetter() {
        throw new UnsupportedOperationException("an in-process hand-off retries in place and has no dead-letter queue");
    }

    @Override
    public Processor release() {
        return exchange -> { };
    }

    @Override
    public boolean redelivers() {
        return false;
    }

    @Override
    public int attempt(Exchange exchange) {
        return 1;
    }

    @Override
    public QueueStatus status() {
        return new QueueStatus(true, "in-process queue " + studies, 0);
    }

    @Override
    public void close() {
        // nothing outside the Camel context
    }
}
