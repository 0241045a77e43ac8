package org.gbscan.core.dicom.sr;

import java.util.Objects;
import org.gbscan.core.InstanceRef;

/** One instance in an SR evidence sequence (Hierarchical SOP Instance Reference macro, PS3.3 C.17.2.1). */
public record EvidenceRef(String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
    public EvidenceRef {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }

    public static EvidenceRef of(InstanceRef ref) {
        return new EvidenceRef(ref.study().studyInstanceUid(), ref.seriesInstanceUid(), ref.sopClassUid(), ref.sopInstanceUid());
    }
}
