package org.gbscan.handoff;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.LogTags;

/**
 * One settled revision of a study on its way to scoring: its instance files on this node's disk (the
 * listener's spool in one process, the worker's own copy behind a broker).
 *
 * @param revision which delivery of the study this is (the listener opens a new one when instances arrive later)
 * @param attempt  1 for the first attempt at this revision; more when a broker delivers it again after a failed
 *                 attempt or a worker that stopped while scoring it (in one process always 1: retries stay in place)
 */
public record StudyParcel(String studyInstanceUid, int revision, List<Path> files, int attempt) {
    public StudyParcel {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        files = List.copyOf(files);
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1, got " + revision);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
    }

    /** A parcel as the listener hands it on: first attempt. */
    public static StudyParcel of(String studyInstanceUid, int revision, List<Path> files) {
        return new StudyParcel(studyInstanceUid, revision, files, 1);
    }

    public String logTag() {
        return LogTags.of(studyInstanceUid);
    }
}
