package org.gbscan.fhir.api;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** A request the FHIR API refuses: answered as an OperationOutcome with this HTTP status. */
final class FhirHttpException extends RuntimeException {
    private final int status;
    private final IssueType issueType;

    FhirHttpException(int status, IssueType issueType, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
    }

    static FhirHttpException badRequest(String message) {
        return new FhirHttpException(400, IssueType.INVALID, message);
    }

    static FhirHttpException notFound(String message) {
        return new FhirHttpException(404, IssueType.NOTFOUND, message);
    }

    int status() {
        return status;
    }

    IssueType issueType() {
        return issueType;
    }
}
