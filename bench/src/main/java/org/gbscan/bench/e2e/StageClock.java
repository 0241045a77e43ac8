package org.gbscan.bench.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;

/**
 * Where a study's time goes, read from the service's own INFO log lines (each names the study by its log
 * tag): the moment each line is written is taken with {@link System#nanoTime()}, the clock the load driver
 * uses for the last ACK and for the SR's arrival at the PACS. Costs nothing the service does not do anyway.
 */
final class StageClock extends AppenderBase<ILoggingEvent> {
    /** A log line that marks a study reaching a stage: its logger's simple name and a phrase of its message. */
    enum Stage {
        SETTLED("StudySettler", "complete with"),
        SCORED("StudyScorer", "scored"),
        QUEUED("Outbox", "objects queued"),
        DELIVERED("Outbox", "delivered to every destination"),
        STORED("ReportStore", "stored report"),
        DONE("Routes", " frames (");

        final String logger;
        final String phrase;

        Stage(String logger, String phrase) {
            this.logger = logger;
            this.phrase = phrase;
        }
    }

    /** A stretch between two moments of a study; ACK and SEEN are the driver's, the rest the service's. */
    enum Span {
        SETTLE("last ACK -> settled (settle time + timer)"),
        SCORE("settled -> scored (queue, decode, model)"),
        WRITE("scored -> SR + SC in outbox (build, fsync)"),
        SEND("in outbox -> delivered (C-STORE, bookkeeping)"),
        NOTICE("delivered -> bench saw SR (0: seen before)"),
        REPORT("in outbox -> FHIR report stored"),
        MARK("report stored -> marked done");

        final String label;

        Span(String label) {
            this.label = label;
        }
    }

    private static final Pattern TAG = Pattern.compile("s-[0-9a-f]{10}");
    private final Map<String, EnumMap<Stage, Long>> times = new ConcurrentHashMap<>();

    static StageClock attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        StageClock clock = new StageClock();
        clock.setContext(context);
        clock.setName("bench-stage-clock");
        clock.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(clock);
        return clock;
    }

    /** Forgets every moment seen so far: each PACS's run sends the same studies to a fresh service. */
    void reset() {
        times.clear();
    }

    @Override
    protected void append(ILoggingEvent event) {
        long now = System.nanoTime();
        String logger = event.getLoggerName().substring(event.getLoggerName().lastIndexOf('.') + 1);
        String message = event.getFormattedMessage();
        for (Stage s : Stage.values()) {
            if (s.logger.equals(logger) && message.contains(s.phrase)) {
                Matcher m = TAG.matcher(message);
                if (m.find()) {
                    times.computeIfAbsent(m.group(), t -> new EnumMap<>(Stage.class)).putIfAbsent(s, now);
                }
                return;
            }
        }
    }

    /** The span's length for a study, or -1 when a moment is missing; {@code ack} and {@code seen} come from the driver. */
    long nanos(Span span, String tag, long ack, long seen) {
        EnumMap<Stage, Long> t = times.getOrDefault(tag, new EnumMap<>(Stage.class));
        return switch (span) {
            case SETTLE -> between(ack, t.get(Stage.SETTLED));
            case SCORE -> between(t.get(Stage.SETTLED), t.get(Stage.SCORED));
            case WRITE -> between(t.get(Stage.SCORED), t.get(Stage.QUEUED));
            case SEND -> between(t.get(Stage.QUEUED), t.get(Stage.DELIVERED));
            case NOTICE -> between(t.get(Stage.DELIVERED), seen);
            case REPORT -> between(t.get(Stage.QUEUED), t.get(Stage.STORED));
            case MARK -> between(t.get(Stage.STORED), t.get(Stage.DONE));
        };
    }

    /** One line per span: p50 / p90 / p99 in ms over the given studies. */
    String table(Map<String, long[]> ackAndSeenByTag) {
        StringBuilder out = new StringBuilder();
        for (Span span : Span.values()) {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            for (Map.Entry<String, long[]> e : ackAndSeenByTag.entrySet()) {
                long n = nanos(span, e.getKey(), e.getValue()[0], e.getValue()[1]);
                if (n >= 0) {
                    h.recordValue(n);
                }
            }
            out.append(String.format(Locale.ROOT, "    %-44s p50 %7.1f  p90 %7.1f  p99 %7.1f ms  (n=%d)%n", span.label,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                    h.getTotalCount()));
        }
        return out.toString();
    }

    private static long between(Long from, Long to) {
        return from == null || to == null ? -1 : Math.max(0, to - from);
    }

    private static long between(long from, Long to) {
        return to == null ? -1 : Math.max(0, to - from);
    }

    private static long between(Long from, long to) {
        return from == null ? -1 : Math.max(0, to - from);
    }
}
