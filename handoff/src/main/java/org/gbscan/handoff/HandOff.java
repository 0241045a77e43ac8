package org.gbscan.handoff;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * How a settled study travels from the node that received it to the one that scores it, and its
 * {@link StudyOutcome} back: an in-process queue ({@link InProcessHandOff}) or a broker between processes
 * ({@code artemis.ArtemisHandOff}). The route is the same either way (app {@code Routes}); only the endpoints
 * and the packing at each end differ.
 *
 * <pre>
 *   receiving node: StudyParcel ─packStudy─▶ [studiesOut]        [outcomesIn] ─unpackOutcome─▶ StudyOutcome
 *   scoring node:   [studiesIn] ─unpackStudy─▶ StudyParcel ... StudyOutcome ─packOutcome─▶ [outcomesOut]
 * </pre>
 *
 * After {@link #unpackStudy()} the exchange carries the headers {@link #STUDY_UID} and {@link #REVISION},
 * also when unpacking itself failed (so a failure can still be reported for the right study).
 */
public interface HandOff extends AutoCloseable {
    /** Camel header: the Study Instance UID of the study on the exchange. */
    String STUDY_UID = "GbscanStudyUid";
    /** Camel header: its revision (int). */
    String REVISION = "GbscanRevision";
    /** Camel header set by {@link #deadLetter()}: why the study was given up (see {@link StudyOutcome#reasonOf}). */
    String REASON = "GbscanReason";

    /**
     * The hand-off the configuration asks for: through the broker when {@code route.broker.url} is set, else the
     * in-process queue.
     *
     * @param inProcessQueue the in-process queue's endpoint ({@code route.studies.uri})
     * @param concurrency    studies this node scores at once ({@code route.concurrency})
     */
    static HandOff open(BrokerSettings broker, String inProcessQueue, int concurrency) throws java.io.IOException {
        return broker.enabled() ? org.gbscan.handoff.artemis.ArtemisHandOff.connect(broker, concurrency)
                : new InProcessHandOff(inProcessQueue);
    }

    /** Registers what the endpoints need (a broker's component) with Camel, before the routes are added. */
    void install(CamelContext camel);

    String studiesOut();

    String studiesIn();

    String outcomesOut();

    String outcomesIn();

    /** Where a study given up after its last attempt goes, with the reason; only where {@link #redelivers()}. */
    String deadLettersOut();

    /** Body {@link StudyParcel} to what {@link #studiesOut()} carries. */
    Processor packStudy();

    /** What {@link #studiesIn()} delivered to a {@link StudyParcel} whose files are on this node's disk. */
    Processor unpackStudy();

    /** Body {@link StudyOutcome} to what {@link #outcomesOut()} carries. */
    Processor packOutcome();

    /** What {@link #outcomesIn()} delivered to a {@link StudyOutcome}. */
    Processor unpackOutcome();

    /**
     * The study again (from this node's copy, where it still has one) with the reason of the caught exception,
     * as {@link #deadLettersOut()} carries it.
     */
    Processor deadLetter();

    /** Forgets this node's copy of the study's instances (the listener's spool is never touched). */
    Processor release();

    /**
     * True when a failed attempt goes back to the queue (to this or any other worker, after the queue's
     * redelivery delay); false when it is retried in place and nothing is ever redelivered.
     */
    boolean redelivers();

    /** The attempt at the study on this exchange as the queue counts them, 1 for the first. */
    int attempt(Exchange exchange);

    /** Reachability and dead letters, for /health; never throws. */
    QueueStatus status();

    @Override
    void close();

    /**
     * @param deadLetters studies waiting in the dead-letter queue (0 where there is none)
     */
    record QueueStatus(boolean reachable, String detail, int deadLetters) {
    }
}
