package org.gbscan.fhir.store;

/** What a search can filter on; each resource type's index maps the fields it supports to columns. */
public enum SearchField {
    /** A Patient id (values: String). */
    PATIENT,
    /** The Patient's identifier, i.e. the DICOM Patient ID (values: Token). */
    PATIENT_IDENTIFIER,
    /** The resource's own identifier, i.e. the Study Instance UID (values: Token). */
    IDENTIFIER,
    /** Effective date (values: DateBound). */
    DATE,
    /** Status code (values: String). */
    STATUS,
    /** The resource's code (values: Token). */
    CODE,
    /** DiagnosticReport.conclusionCode (values: Token). */
    CONCLUSION,
    /** A Device id (values: String). */
    DEVICE,
    /** An ImagingStudy id the resource was derived from (values: String). */
    IMAGING_STUDY,
    /** Resource id (values: String). */
    ID
}
