package org.gbscan.fhir.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyRef;

/**
 * Deterministic FHIR resource ids (SHA-256 of what identifies the resource, 128 bits as hex, with a
 * type prefix). Scoring the same study with the same model again gives the same ids, so the store
 * replaces the report instead of adding a second one; a new model version gives a new report.
 * The ids reveal nothing about the patient or the study.
 */
public final class ResourceIds {
    private ResourceIds() {
    }

    public static String diagnosticReport(StudyRef study, ModelInfo model) {
        return "rep-" + hash("DiagnosticReport", study.studyInstanceUid(), model.name(), model.version());
    }

    public static String observation(StudyRef study, ModelInfo model) {
        return "obs-" + hash("Observation", FhirCodes.BA_PROBABILITY, study.studyInstanceUid(), model.name(), model.version());
    }

    /** One ImagingStudy per DICOM study, shared by the reports of every model. */
    public static String imagingStudy(StudyRef study) {
        return "img-" + hash("ImagingStudy", study.studyInstanceUid());
    }

    public static String device(ModelInfo model) {
        return "dev-" + hash("Device", model.name(), model.version());
    }

    /**
     * One Patient per DICOM Patient ID (in the configured identifier system); an anonymised study
     * (empty Patient ID) gets a patient of its own, derived from the study.
     */
    public static String patient(StudyRef study, String patientIdSystem) {
        return study.patient().id().isBlank()
                ? "pat-" + hash("Patient", "anonymous", study.studyInstanceUid())
                : "pat-" + hash("Patient", patientIdSystem, study.patient().id());
    }

    static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
