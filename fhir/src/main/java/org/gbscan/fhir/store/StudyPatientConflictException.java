package org.gbscan.fhir.store;

/**
 * A result names another patient than the report already stored for its study: storing it would move the
 * report (and its FHIR Patient reference) to someone else. Permanent, not retried. The message carries the
 * study's log tag only.
 */
public final class StudyPatientConflictException extends ReportStoreException {
    StudyPatientConflictException(String studyLogTag) {
        super("study " + studyLogTag + " already has a report for another patient; the new result is not stored", null);
    }
}
