package org.gbscan.fhir.store;

import java.time.Instant;
import org.gbscan.core.Label;
import org.gbscan.core.Refusal;

/**
 * One scored study as the web viewer lists it. Carries no patient name and only a masked Patient ID.
 *
 * @param id             the study's report id (also the FHIR DiagnosticReport id)
 * @param studyDate      DICOM Study Date (YYYYMMDD) as received, empty when unknown
 * @param maskedPatientId the DICOM Patient ID with all but its last characters hidden
 * @param baProbability  the study's BA probability; NaN when not assessable
 * @param label          the label at the model's threshold; null when not assessable
 * @param frameCount     frames the model was shown, scored or refused by the quality gate
 * @param camCount       frames with a CAM thumbnail stored
 * @param refusal        why the study was not assessable, or null when it was
 */
public record StudySummary(String id, String studyDate, String maskedPatientId, double baProbability,
                           Label label, double threshold, String modelName, String modelVersion,
                           Instant issued, int frameCount, int camCount, Refusal refusal) {
    public boolean isAssessable() {
        return refusal == null;
    }
}
