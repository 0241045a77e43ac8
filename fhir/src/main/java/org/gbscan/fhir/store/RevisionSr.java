package org.gbscan.fhir.store;

import java.util.Objects;
import org.gbscan.core.dicom.sr.EvidenceRef;

/** The DICOM SR written for one scoring revision of a study (see the reporting module's {@code Revision}). */
public record RevisionSr(int revision, EvidenceRef sr) {
    public RevisionSr {
        Objects.requireNonNull(sr, "sr");
        if (revision < 1) {
            throw new IllegalArgumentException("revisions start at 1, got " + revision);
        }
    }
}
