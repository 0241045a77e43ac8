package org.gbscan.fhir.api;

import org.gbscan.core.Refusal;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.mapping.FhirCodes;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * OperationOutcome JSON for other HTTP modules (the web page's {@code /api}), so their errors have the
 * FHIR API's shape without HAPI types leaving this module.
 */
public final class OperationOutcomes {
    /** FHIR issue-type codes (http://hl7.org/fhir/issue-type) the callers use. */
    public enum Issue {
        INVALID("invalid"), NOT_FOUND("not-found"), NOT_SUPPORTED("not-supported"), TOO_COSTLY("too-costly"),
        PROCESSING("processing"), LOGIN("login"), FORBIDDEN("forbidden"), TRANSIENT("transient"), EXCEPTION("exception");

        private final String code;

        Issue(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static final String CONTENT_TYPE = "application/fhir+json;charset=utf-8";

    private OperationOutcomes() {
    }

    /** One issue, error (fatal from 500 on), whose diagnostics is the message the user sees. */
    public static String json(int status, Issue issue, String message) {
        return Fhir.context().newJsonParser().encodeResourceToString(outcome(status, issue, message));
    }

    /**
     * As {@link #json(int, Issue, String)}, for an input the model's quality gate refused: the issue's
     * details carry the reason as a code (the one the FHIR DiagnosticReport of a not-assessable study
     * concludes with) and as text, so a client can tell a refusal from other errors without parsing words.
     */
    public static String json(int status, Issue issue, String message, Refusal refusal) {
        OperationOutcome outcome = outcome(status, issue, message);
        outcome.getIssueFirstRep().setDetails(FhirCodes.refusalReason(refusal));
        return Fhir.context().newJsonParser().encodeResourceToString(outcome);
    }

    private static OperationOutcome outcome(int status, Issue issue, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(status >= 500 ? OperationOutcome.IssueSeverity.FATAL : OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(issue.code()))
                .setDiagnostics(message);
        return outcome;
    }
}
