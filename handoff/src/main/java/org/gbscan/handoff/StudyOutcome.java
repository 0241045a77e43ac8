package org.gbscan.handoff;

import java.util.Objects;
import org.gbscan.core.LogTags;

/**
 * What became of one revision of a study, sent back to the node whose listener spooled it: done (its results
 * are durable, or it had nothing to score) or failed (given up after its last attempt, with the reason).
 *
 * @param reason why it failed, for operators (no patient data); empty when done
 */
public record StudyOutcome(String studyInstanceUid, int revision, Kind kind, String reason) {
    public enum Kind { DONE, FAILED }

    private static final int REASON_MAX_CHARS = 1000;

    public StudyOutcome {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(kind, "kind");
        reason = reason == null ? "" : reason;
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1, got " + revision);
        }
    }

    public static StudyOutcome done(String studyInstanceUid, int revision) {
        return new StudyOutcome(studyInstanceUid, revision, Kind.DONE, "");
    }

    public static StudyOutcome failed(String studyInstanceUid, int revision, String reason) {
        return new StudyOutcome(studyInstanceUid, revision, Kind.FAILED, reason);
    }

    /** An exception's message as operators read it on /health and on a dead letter: bounded, never a stack trace. */
    public static String reasonOf(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String text = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return text.length() <= REASON_MAX_CHARS ? text : text.substring(0, REASON_MAX_CHARS) + "...";
    }

    public String logTag() {
        return LogTags.of(studyInstanceUid);
    }
}
