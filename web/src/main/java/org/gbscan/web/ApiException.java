package org.gbscan.web;

import org.gbscan.fhir.api.OperationOutcomes.Issue;

/**
 * A request {@code /api} refuses: answered with this HTTP status and an OperationOutcome whose
 * diagnostics is the message, the same error shape as the FHIR API. The message is shown to the user
 * on the page, so it says what to do and never holds patient data.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final Issue issueType;

    ApiException(int status, Issue issueType, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
    }

    static ApiException tooLarge(long limitBytes) {
        return new ApiException(413, Issue.TOO_COSTLY, "the upload is larger than the limit of "
                + Sizes.human(limitBytes) + " (web.maxUploadBytes): send a smaller photo or a single DICOM image");
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
}
