package org.gbscan.listener;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.StudyRef;

/**
 * A study that stopped receiving instances for the settle time: every spooled instance of it, once per
 * revision. The pipeline calls {@link DicomListener#markDone(String, int)} with this revision after its
 * results are durably stored; until then the study is re-queued at every start.
 *
 * @param files    all instances of the study in the spool, sorted by name; each SOP instance appears once
 * @param revision 1 for the first delivery; +1 each time instances arrive after a revision was delivered
 */
public record StudyReady(StudyRef study, List<Path> files, int revision) {
    public StudyReady {
        Objects.requireNonNull(study, "study");
        files = List.copyOf(files);
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1, got " + revision);
        }
    }

    public String studyInstanceUid() {
        return study.studyInstanceUid();
    }

    public String logTag() {
        return study.logTag();
    }
}
