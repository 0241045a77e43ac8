package org.gbscan.listener;

/**
 * An instance carries a Study Instance UID the spool knows, with another Patient ID. Either a modality
 * reused a UID or someone is trying to attach images (and so a report) to a study of another patient;
 * both must be refused, not merged. The message carries the study's log tag only, never patient data.
 */
public final class PatientMismatchException extends Exception {
    PatientMismatchException(String studyLogTag) {
        super("an instance of study " + studyLogTag + " names another patient than the study already received");
    }
}
