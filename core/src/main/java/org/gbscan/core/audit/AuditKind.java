package org.gbscan.core.audit;

/**
 * The kinds of event gbscan audits, each with the FHIR AuditEvent type/subtype and action it maps to
 * (DICOM DCM codes from the audit message vocabulary, FHIR restful-interaction codes for REST).
 *
 * @param action C create, R read, E execute (FHIR AuditEvent.action)
 */
public enum AuditKind {
    /** A FHIR search or a listing of the page's studies. */
    QUERY("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation", "search-type", "E"),
    /** A FHIR read of one resource or one study of the page. */
    READ("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation", "read", "R"),
    /** An upload scored on the page (a picture that may show a patient). */
    UPLOAD("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation", "create", "C"),
    /** A DICOM association accepted or refused (DCM 110100 Application Activity is for start/stop; 110122 Login). */
    DICOM_ASSOCIATION("http://dicom.nema.org/resources/ontology/DCM", "110122", "Login", "", "E"),
    /** An instance received over DICOM and refused for what it says (DCM 110104 DICOM Instances Transferred, failed). */
    DICOM_INSTANCE_REFUSED("http://dicom.nema.org/resources/ontology/DCM", "110104", "DICOM Instances Transferred", "", "C"),
    /** Results (SR, CAM images) sent to a PACS (DCM 110106 Export). */
    DICOM_EXPORT("http://dicom.nema.org/resources/ontology/DCM", "110106", "Export", "", "R");

    public final String typeSystem;
    public final String typeCode;
    public final String typeDisplay;
    /** FHIR restful-interaction subtype for REST events; empty for DICOM ones. */
    public final String subtype;
    public final String action;

    AuditKind(String typeSystem, String typeCode, String typeDisplay, String subtype, String action) {
        this.typeSystem = typeSystem;
        this.typeCode = typeCode;
        this.typeDisplay = typeDisplay;
        this.subtype = subtype;
        this.action = action;
    }
}
