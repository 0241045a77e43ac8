package org.gbscan.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The one R4 {@link FhirContext} of the process: building it scans every model class (about a second),
 * so the mapping, the store and the HTTP API share this instance. Parsers made from it are cheap and
 * not thread-safe: make one per use.
 */
public final class Fhir {
    private static final FhirContext R4 = FhirContext.forR4Cached();

    private Fhir() {
    }

    public static FhirContext context() {
        return R4;
    }
}
