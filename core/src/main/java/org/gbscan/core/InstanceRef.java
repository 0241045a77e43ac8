package org.gbscan.core;

import java.util.Objects;

/** One DICOM instance (image or result object) inside a study. */
public record InstanceRef(StudyRef study, String seriesInstanceUid, String sopInstanceUid,
                          String sopClassUid, String modality, int seriesNumber, int instanceNumber) {
    public InstanceRef {
        Objects.requireNonNull(study, "study");
        Uids.requireValid(seriesInstanceUid, "Series Instance UID");
        Uids.requireValid(sopInstanceUid, "SOP Instance UID");
        Uids.requireValid(sopClassUid, "SOP Class UID");
        modality = Objects.requireNonNullElse(modality, "");
    }
}
