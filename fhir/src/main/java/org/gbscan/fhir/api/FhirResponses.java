package org.gbscan.fhir.api;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.ext.web.RoutingContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Writes resources and OperationOutcomes in the negotiated format, encoded by HAPI's parser. */
final class FhirResponses {
    private final FhirContext fhir;

    FhirResponses(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The format of this request; throws 406 for unsupported ones (call before doing any work). */
    static FhirFormat format(RoutingContext ctx) {
        return FhirFormat.negotiate(ctx.request().getParam("_format"), ctx.request().getHeader("Accept"));
    }

    static boolean pretty(RoutingContext ctx) {
        return "true".equalsIgnoreCase(ctx.request().getParam("_pretty"));
    }

    /** Encoding is CPU work on small resources (a page of 20 reports: well under a millisecond per entry). */
    String encode(IBaseResource resource, FhirFormat format, boolean pretty) {
        return format.parser(fhir, pretty).encodeResourceToString(resource);
    }

    void send(RoutingContext ctx, int status, FhirFormat format, String body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", format.contentType()).end(body);
    }

    void sendOutcome(RoutingContext ctx, int status, IssueType type, String message) {
        FhirFormat format;
        try {
            format = format(ctx);
        } catch (FhirHttpException e) {
            format = FhirFormat.JSON; // the client accepts nothing we make; explain in JSON anyway
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gbscan\"");
        }
        send(ctx, status, format, encode(outcome(status, type, message), format, pretty(ctx)));
    }

    static OperationOutcome outcome(int status, IssueType type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                .setCode(type).setDiagnostics(message);
        return outcome;
    }
}
