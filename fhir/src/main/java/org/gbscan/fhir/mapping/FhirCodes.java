package org.gbscan.fhir.mapping;

import org.gbscan.core.Refusal;
import org.gbscan.core.Uids;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Every code system and code the mapping writes, with where each one comes from. */
public final class FhirCodes {
    private FhirCodes() {
    }

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** DICOM Controlled Terminology (PS3.16), the system FHIR R4 ImagingStudy binds modality to. */
    public static final String DICOM_DCM = "http://dicom.nema.org/resources/ontology/DCM";
    /** RFC 3986 URIs: how FHIR ImagingStudy carries a SOP Class UID ({@code urn:oid:...}). */
    public static final String URI = "urn:ietf:rfc:3986";
    /** Identifier system for DICOM UIDs (FHIR R4 ImagingStudy.identifier guidance, IHE AIR). */
    public static final String DICOM_UID = "urn:dicom:uid";
    public static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /**
     * gbscan's own code system for what no standard terminology codes: the AI's BA probability.
     * Neither LOINC nor SNOMED CT has a concept "probability of biliary atresia estimated by an algorithm",
     * so we use a private system. Its URI is an OID under the 2.25 (UUID) arc (ITU-T X.667, PS3.5 B.2),
     * which is globally unique without registration and derived deterministically, so it never changes.
     */
    public static final String GBSCAN_CODES = "urn:oid:" + Uids.derive("gbscan", "fhir", "CodeSystem", "codes");
    public static final String BA_PROBABILITY = "ba-probability";

    /** LOINC 18748-4 "Diagnostic imaging study": LOINC's generic document code for an imaging report
     *  (used by the FHIR R4 imaging DiagnosticReport examples); no more specific LOINC code names an
     *  AI-scored infant gallbladder ultrasound, and a generic standard code beats a private one for
     *  receivers that route reports by LOINC. */
    public static Coding reportCode() {
        return new Coding(LOINC, "18748-4", "Diagnostic imaging study");
    }

    /** HL7 v2 table 0074 "RAD" (Radiology): the diagnostic service section of imaging reports. */
    public static Coding radiologyCategory() {
        return new Coding(V2_0074, "RAD", "Radiology");
    }

    /** observation-category "imaging" (FHIR R4 core code system). */
    public static Coding imagingCategory() {
        return new Coding(OBSERVATION_CATEGORY, "imaging", "Imaging");
    }

    public static CodeableConcept baProbabilityCode() {
        return new CodeableConcept(new Coding(GBSCAN_CODES, BA_PROBABILITY, "Biliary atresia probability (AI)"))
                .setText("Probability of biliary atresia estimated by an AI model");
    }

    /**
     * SNOMED CT 77480004 |Congenital biliary atresia (disorder)|: the concept NCBI MedGen (C0005411)
     * maps "Biliary atresia" to. Used when the model's probability is at or above its threshold; the
     * text says "suspected" because an AI result is not a diagnosis.
     */
    public static CodeableConcept baSuspected() {
        return new CodeableConcept(new Coding(SNOMED, "77480004", "Congenital biliary atresia"))
                .setText("Biliary atresia suspected (AI result, not a diagnosis)");
    }

    /**
     * SNOMED CT 428263003 |NOT suspected (qualifier value)|, from the SNOMED "certainty" qualifiers
     * (siblings 415684004 |Suspected|, 410605003 |Confirmed present|), as used for "not suspected" in
     * HL7 value sets. Used when the probability is below the threshold.
     */
    public static CodeableConcept baNotSuspected() {
        return new CodeableConcept(new Coding(SNOMED, "428263003", "NOT suspected"))
                .setText("Biliary atresia not suspected (AI result)");
    }

    /**
     * SNOMED CT 373068000 |Undetermined (qualifier value)|: the conclusion when the quality gate refused
     * the study. The same concept the SR uses in place of Suspected / NOT suspected.
     */
    public static CodeableConcept baUndetermined(Refusal refusal) {
        return new CodeableConcept(new Coding(SNOMED, "373068000", "Undetermined"))
                .setText("Biliary atresia not assessable: " + refusal.reason().text());
    }

    /**
     * Why the gate refused, in gbscan's code system (no standard terminology has "screenshot, not an
     * ultrasound image" and the like); the code is {@link Refusal.Reason#code()}, as the CLI and the web
     * API print it. Also the details of the web API's OperationOutcome for a refused upload.
     */
    public static CodeableConcept refusalReason(Refusal refusal) {
        return new CodeableConcept(new Coding(GBSCAN_CODES, refusal.reason().code(),
                "Not assessable: " + refusal.reason().text())).setText(refusal.reason().text());
    }

    /**
     * data-absent-reason "unsupported" ("the source system wasn't capable of supporting this element"):
     * the model cannot give a probability for this kind of input. Not "error": nothing failed, and an
     * operator reading "error" would retry the same images and get the same answer.
     */
    public static CodeableConcept probabilityAbsent(Refusal refusal) {
        return new CodeableConcept(new Coding(DATA_ABSENT_REASON, "unsupported", "Unsupported"))
                .setText(refusal.message());
    }

    /** v3 ObservationInterpretation IND "Indeterminate": neither positive nor negative. */
    public static CodeableConcept indeterminate() {
        return new CodeableConcept(new Coding(V3_INTERPRETATION, "IND", "Indeterminate"));
    }

    /** v3 ObservationInterpretation POS / NEG (FHIR R4 core value set observation-interpretation). */
    public static CodeableConcept positive() {
        return new CodeableConcept(new Coding(V3_INTERPRETATION, "POS", "Positive"));
    }

    public static CodeableConcept negative() {
        return new CodeableConcept(new Coding(V3_INTERPRETATION, "NEG", "Negative"));
    }

    /** HL7 v2 table 0203 "MR" (Medical record number): what a DICOM Patient ID normally is. */
    public static CodeableConcept medicalRecordNumber() {
        return new CodeableConcept(new Coding(V2_0203, "MR", "Medical record number"));
    }

    /** HL7 v2 table 0203 "ACSN" (Accession ID) for the DICOM Accession Number. */
    public static CodeableConcept accessionNumber() {
        return new CodeableConcept(new Coding(V2_0203, "ACSN", "Accession ID"));
    }
}
