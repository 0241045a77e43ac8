package org.gbscan.core;

import java.util.Objects;

/**
 * Identifies a study and its patient as the PACS knows them. Text fields may be empty (Type 2 in
 * DICOM, anonymised exports) but never null; the study UID is always present and valid.
 *
 * @param studyDate DA (YYYYMMDD) or empty
 * @param studyTime TM (HHMMSS[.f]) or empty
 */
public record StudyRef(String studyInstanceUid, Patient patient, String accessionNumber,
                       String studyDate, String studyTime, String studyId, String studyDescription) {
    public StudyRef {
        Uids.requireValid(studyInstanceUid, "Study Instance UID");
        patient = Objects.requireNonNullElse(patient, Patient.UNKNOWN);
        accessionNumber = Objects.requireNonNullElse(accessionNumber, "");
        studyDate = Objects.requireNonNullElse(studyDate, "");
        studyTime = Objects.requireNonNullElse(studyTime, "");
        studyId = Objects.requireNonNullElse(studyId, "");
        studyDescription = Objects.requireNonNullElse(studyDescription, "");
    }

    /** A short, stable, non-identifying tag for logs: never log the UID or the patient. */
    public String logTag() {
        return LogTags.of(studyInstanceUid);
    }
}
