package org.gbscan.web;

import org.gbscan.core.Refusal;
import org.gbscan.fhir.api.OperationOutcomes.Issue;

/**
 * A request {@code /api} refuses: answered with this HTTP status and an OperationOutcome whose
 * diagnostics is the message, the same error shape as the FHIR API. The message is shown to the user
 * on the page, so it says what to do and never holds patient data.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final Issue issueType;
    private final transient Refusal refusal;

    ApiException(int status, Issue issueType, String message) {
        this(status, issueType, message, null);
    }

    private ApiException(int status, Issue issueType, String message, Refusal refusal) {
        super(message);
        this.status = status;
        this.issueType = issueType;
        this.refusal = refusal;
    }

    /**
     * 422: the model's quality gate refused every frame of the upload. An answer rather than a fault,
     * but not a probability, so not 200: the OperationOutcome names the reason (code and text).
     */
    static ApiException notAssessable(String name, Refusal refusal) {
        return new ApiException(422, Issue.PROCESSING, name + " is " + refusal.message() + "; gbscan gives no"
                + " probability for it. Upload an ultrasound image of the infant gallbladder: a photo of the"
                + " screen or its DICOM file", refusal);
    }

    static ApiException tooLarge(long limitBytes) {
        return new ApiException(413, Issue.TOO_COSTLY, "the upload is larger than the limit of "
                + Sizes.human(limitBytes) + " (web.maxUploadBytes): send a smaller photo or a single DICOM image");
    }

    /** 422 rather than 413: the bytes were within the limit, what they declare is not. */
    static ApiException tooManyPixels(String message) {
        return new ApiException(422, Issue.TOO_COSTLY, message);
    }

    static ApiException unsupportedType(String message) {
        return new ApiException(415, Issue.NOT_SUPPORTED, message);
    }

    static ApiException unprocessable(String message) {
        return new ApiException(422, Issue.PROCESSING, message);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, Issue.INVALID, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, Issue.NOT_FOUND, message);
    }

    int status() {
        return status;
    }

    Issue issueType() {
        return issueType;
    }

    /** Why the quality gate refused the upload, or null for every other error. */
    Refusal refusal() {
        return refusal;
    }
}
