package org.gbscan.reporting.sr;

import org.gbscan.core.Refusal;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.sr.Code;
import org.gbscan.core.dicom.sr.CodingScheme;

/**
 * Every code the TID 1500 report writes, with where it comes from. DCM codes are from PS3.16 Annex D
 * (DICOM Controlled Terminology); context-group membership was checked against the context groups
 * that ship with PixelMed's SR validator (DicomContextGroupsSource.xml, PixelMed 20220618).
 */
public final class ReportCodes {
    private ReportCodes() {
    }

    // --- TID 1500 structure (PS3.16 TID 1500, 1501, 1600, 1601, 300, 320, 4108)
    /** CID 7021 "Measurement Report Document Titles": the title of a TID 1500 report. */
    public static final Code IMAGING_MEASUREMENT_REPORT = new Code("126000", "DCM", "Imaging Measurement Report");
    public static final Code PROCEDURE_REPORTED = new Code("121058", "DCM", "Procedure reported");
    public static final Code IMAGE_LIBRARY = new Code("111028", "DCM", "Image Library");
    public static final Code IMAGE_LIBRARY_GROUP = new Code("126200", "DCM", "Image Library Group");
    public static final Code IMAGING_MEASUREMENTS = new Code("126010", "DCM", "Imaging Measurements");
    public static final Code MEASUREMENT_GROUP = new Code("125007", "DCM", "Measurement Group");
    public static final Code TRACKING_IDENTIFIER = new Code("112039", "DCM", "Tracking Identifier");
    public static final Code TRACKING_UID = new Code("112040", "DCM", "Tracking Unique Identifier");
    /** TID 1500 row 12: UMLS C0034375 "Qualitative Evaluations" (the template's own concept name). */
    public static final Code QUALITATIVE_EVALUATIONS = new Code("C0034375", "UMLS", "Qualitative Evaluations");
    public static final Code FINDING = new Code("121071", "DCM", "Finding");
    public static final Code FINDING_SITE = new Code("363698007", "SCT", "Finding Site");
    /** TID 320 row 1: the image a measurement was inferred from. */
    public static final Code SOURCE_OF_MEASUREMENT = new Code("121112", "DCM", "Source of Measurement");
    /** TID 1410 row 9 uses this concept for an image that illustrates the region; we use it for the CAM image. */
    public static final Code ILLUSTRATION_OF_ROI = new Code("121200", "DCM", "Illustration of ROI");
    /** TID 300 row 4 "Derivation" (CID 7464): how the study value was computed from the frames. */
    public static final Code DERIVATION = new Code("121401", "DCM", "Derivation");
    /** SNOMED CT 373098007 |Mean|, a member of CID 7464 "General Region of Interest Measurement Modifiers". */
    public static final Code MEAN = new Code("373098007", "SCT", "Mean");

    // --- TID 1204 Language of Content Item and Descendants
    public static final Code LANGUAGE_OF_CONTENT = new Code("121049", "DCM", "Language of Content Item and Descendants");
    /** CID 5000 "Languages": RFC 5646 tag "en". */
    public static final Code ENGLISH = new Code("en", "RFC5646", "English");

    // --- TID 1002 Observer Context / TID 1004 Device Observer Identifying Attributes
    public static final Code OBSERVER_TYPE = new Code("121005", "DCM", "Observer Type");
    /** CID 270 "Observer Type": the observer is a device (the algorithm), not a person. */
    public static final Code DEVICE = new Code("121007", "DCM", "Device");
    public static final Code DEVICE_OBSERVER_UID = new Code("121012", "DCM", "Device Observer UID");
    public static final Code DEVICE_OBSERVER_NAME = new Code("121013", "DCM", "Device Observer Name");
    public static final Code DEVICE_OBSERVER_MANUFACTURER = new Code("121014", "DCM", "Device Observer Manufacturer");
    public static final Code DEVICE_OBSERVER_MODEL_NAME = new Code("121015", "DCM", "Device Observer Model Name");
    public static final Code DEVICE_OBSERVER_SERIAL_NUMBER = new Code("121016", "DCM", "Device Observer Serial Number");

    // --- TID 4019 Algorithm Identification (rows: name, version, parameters; no manufacturer row:
    //     the manufacturer is in TID 1004 above and in the General Equipment module)
    public static final Code ALGORITHM_NAME = new Code("111001", "DCM", "Algorithm Name");
    public static final Code ALGORITHM_VERSION = new Code("111003", "DCM", "Algorithm Version");
    public static final Code ALGORITHM_PARAMETERS = new Code("111002", "DCM", "Algorithm Parameters");

    // --- What was done and found
    /** CID 100 "Quantitative Diagnostic Imaging Procedures": SNOMED CT 363679005 |Imaging procedure|. */
    public static final Code IMAGING_PROCEDURE = new Code("363679005", "SCT", "Imaging procedure");
    /** SNOMED CT 28231008 |Gallbladder structure|; in CID 4031 "Common Anatomic Regions" as "Gallbladder". */
    public static final Code GALLBLADDER = new Code("28231008", "SCT", "Gallbladder");
    /**
     * SNOMED CT 77480004 |Congenital biliary atresia (disorder)|, the concept NCBI MedGen maps "Biliary
     * atresia" to; the same code the FHIR mapping uses for its conclusionCode.
     */
    public static final Code BILIARY_ATRESIA = new Code("77480004", "SCT", "Congenital biliary atresia");
    /** SNOMED CT 415684004 |Suspected (qualifier value)|, from SNOMED's certainty qualifiers. */
    public static final Code SUSPECTED = new Code("415684004", "SCT", "Suspected");
    /** SNOMED CT 428263003 |NOT suspected (qualifier value)|, sibling of 415684004. */
    public static final Code NOT_SUSPECTED = new Code("428263003", "SCT", "NOT suspected");

    // --- gbscan's private scheme: no standard terminology codes "probability of biliary atresia
    //     estimated by an algorithm" (DCM 111047 is "Probability of cancer"), so the report carries a
    //     private 99-prefixed designator (PS3.3 8.1) and identifies it in the Coding Scheme
    //     Identification Sequence.
    public static final CodingScheme GBSCAN_SCHEME = new CodingScheme("99GBSCAN",
            Uids.derive("gbscan", "dicom", "CodingScheme", "99GBSCAN"), "gbscan codes", "gbscan");
    public static final Code BA_PROBABILITY = new Code("BA-PROB", "99GBSCAN", "Biliary atresia probability");

    // --- A study the quality gate refused: not assessable, and why. The quality pair is the one DICOM's
    //     CAD templates use (TID 4014 "CAD Image Quality": Quality Finding, then Quality Assessment from
    //     CID 6044); "Undetermined" answers the BA question instead of Suspected / NOT suspected.
    /** SNOMED CT 373068000 |Undetermined (qualifier value)|, a member of CID 230 "Yes-No". */
    public static final Code UNDETERMINED = new Code("373068000", "SCT", "Undetermined");
    /** DCM 111050, the concept name of TID 4014 row 2. */
    public static final Code QUALITY_ASSESSMENT = new Code("111050", "DCM", "Quality Assessment");
    /** DCM 111235, CID 6044 "Types of Image Quality Assessment": the images cannot be used. */
    public static final Code UNUSABLE = new Code("111235", "DCM", "Unusable - Quality renders image unusable");
    /** DCM 111052, the concept name of TID 4014 row 1; its value here is the gate's reason. */
    public static final Code QUALITY_FINDING = new Code("111052", "DCM", "Quality Finding");
    /** DCM 121106: free-text comment (TID 1500 row 14 takes a TEXT item with any concept name). */
    public static final Code COMMENT = new Code("121106", "DCM", "Comment");

    /**
     * The gate's reason as a code of our private scheme: no standard terminology codes "screenshot, not
     * an ultrasound image" and the like. Code values stay within SH's 16 characters and meanings within
     * LO's 64, so some are shorter than {@link Refusal.Reason#code()} and {@link Refusal.Reason#text()}.
     */
    public static Code refusalReason(Refusal.Reason reason) {
        return switch (reason) {
            case BLANK -> new Code("BLANK", "99GBSCAN", "Blank or nearly uniform image");
            case TEXT_ONLY -> new Code("TEXT-ONLY", "99GBSCAN", "Text or graphics without an ultrasound image");
            case SCREENSHOT -> new Code("SCREENSHOT", "99GBSCAN", "Screenshot or document, not an ultrasound image");
            case COLOUR_IMAGE -> new Code("COLOUR-IMAGE", "99GBSCAN", "Colour photograph, not a grayscale ultrasound image");
            case NOT_ULTRASOUND -> new Code("NOT-ULTRASOUND", "99GBSCAN", "Cross-sectional image (CT or MR), not ultrasound");
            case WRONG_INPUT_KIND -> new Code("WRONG-INPUT-KIND", "99GBSCAN", "Image kind does not match the model's input kind");
            case OUT_OF_DISTRIBUTION -> new Code("OUT-OF-DISTRIB", "99GBSCAN", "Image unlike anything the model was trained on");
        };
    }

    /** UCUM annotation unit: a dimensionless probability 0..1 (UCUM treats {...} as unity). */
    public static final Code PROBABILITY_UNIT = new Code("{probability}", "UCUM", "probability");
}
