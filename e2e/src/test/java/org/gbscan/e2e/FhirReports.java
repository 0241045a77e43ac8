package org.gbscan.e2e;

import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.impl.client.HttpClients;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;

/** The e2e tests' view of gbscan's FHIR API: HAPI's own generic client, and the report of a study by its UID. */
final class FhirReports {
    private static final FhirContext CONTEXT = FhirContext.forR4();

    static {
        CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    private FhirReports() {
    }

    /** A client on gbscan's plain-HTTP FHIR base, with its bearer token. */
    static IGenericClient client(GbscanProcess gbscan) {
        return withToken(CONTEXT.newRestfulGenericClient(gbscan.baseUrl() + "/fhir"), gbscan);
    }

    /** A client over HTTPS that trusts {@code trust} (and checks the host name). */
    static IGenericClient client(GbscanProcess gbscan, SSLContext trust) {
        FhirContext ctx = FhirContext.forR4();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        ctx.getRestfulClientFactory().setHttpClient(HttpClients.custom().setSSLContext(trust).build());
        return withToken(ctx.newRestfulGenericClient(gbscan.baseUrl() + "/fhir"), gbscan);
    }

    private static IGenericClient withToken(IGenericClient client, GbscanProcess gbscan) {
        client.registerInterceptor(new BearerTokenAuthInterceptor(gbscan.token()));
        return client;
    }

    /** Every DiagnosticReport whose identifier is the study's UID (there should be one at most). */
    static List<DiagnosticReport> of(IGenericClient fhir, String studyUid) {
        Bundle bundle = fhir.search().forResource(DiagnosticReport.class)
                .where(DiagnosticReport.IDENTIFIER.exactly().systemAndCode("urn:dicom:uid", "urn:oid:" + studyUid))
                .returnBundle(Bundle.class).execute();
        return bundle.getEntry().stream().map(e -> (DiagnosticReport) e.getResource()).toList();
    }

    /**
     * Waits for the study's report. The outbox may deliver the SR to the PACS while the same result is still
     * being written to the FHIR store, so a test that saw the SR must still wait a moment for the report.
     */
    static List<DiagnosticReport> awaitAny(IGenericClient fhir, String studyUid) {
        return await("FHIR report of the study").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> of(fhir, studyUid), reports -> !reports.isEmpty());
    }
}
