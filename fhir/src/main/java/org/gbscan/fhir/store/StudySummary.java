package org.gbscan.fhir.store;

import java.time.Instant;
import org.gbscan.core.Label;

/**
 * One scored study as the web viewer lists it. Carries no patient name and only a masked Patient ID.
 *
 * @param id             the study's report id (also the FHIR DiagnosticReport id)
 * @param studyDate      DICOM Study Date (YYYYMMDD) as received, empty when unknown
 * @param maskedPatientId the DICOM Patient ID with all but its last characters hidden
 * @param label          the label at the model's threshold
 * @param frameCount     frames scored
 * @param camCount       frames with a CAM thumbnail stored
 */
public record StudySummary(String id, String studyDate, String maskedPatientId, double baProbability,
                           Label label, double threshold, String modelName, String modelVersion,
                           Instant issued, int frameCount, int camCount) {
}
