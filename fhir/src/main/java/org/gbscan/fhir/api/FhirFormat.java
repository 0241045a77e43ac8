package org.gbscan.fhir.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The two encodings the API speaks, chosen by {@code _format} first, then the Accept header (FHIR R4 3.1.0.1.10). */
enum FhirFormat {
    JSON("application/fhir+json"), XML("application/fhir+xml");

    private final String mimeType;

    FhirFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    String contentType() {
        return mimeType + ";charset=utf-8";
    }

    IParser parser(FhirContext context, boolean pretty) {
        IParser parser = this == JSON ? context.newJsonParser() : context.newXmlParser();
        return parser.setPrettyPrint(pretty);
    }

    /** The format to answer in; 406 when the client names only formats we cannot produce. */
    static FhirFormat negotiate(String formatParam, String accept) {
        if (formatParam != null && !formatParam.isBlank()) {
            return ofName(formatParam).orElseThrow(() -> new FhirHttpException(406, IssueType.NOTSUPPORTED,
                    "_format '" + formatParam + "' is not supported: use json or xml"));
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        record Choice(String type, double q, int order) { }
        List<Choice> choices = new ArrayList<>();
        String[] ranges = accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            String[] parts = ranges[i].trim().split(";");
            double q = 1.0;
            for (int k = 1; k < parts.length; k++) {
                String param = parts[k].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0; // a malformed weight counts as "not acceptable"
                    }
                }
            }
            choices.add(new Choice(parts[0].trim().toLowerCase(Locale.ROOT), q, i));
        }
        // Highest weight first; on equal weights the server prefers JSON, then the client's order.
        return choices.stream().filter(c -> c.q() > 0)
                .sorted(Comparator.comparingDouble(Choice::q).reversed()
                        .thenComparing(c -> ofMime(c.type()).orElse(null) == JSON ? 0 : 1)
                        .thenComparingInt(Choice::order))
                .map(c -> ofMime(c.type()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new FhirHttpException(406, IssueType.NOTSUPPORTED,
                        "none of the accepted types '" + accept + "' can be produced: use application/fhir+json or application/fhir+xml"));
    }

    static Optional<FhirFormat> ofName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "json" -> Optional.of(JSON);
            case "xml" -> Optional.of(XML);
            default -> ofMime(n);
        };
    }

    private static Optional<FhirFormat> ofMime(String mime) {
        String m = mime.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "application/fhir+json", "application/json", "application/json+fhir", "text/json", "*/*", "application/*" ->
                    Optional.of(JSON);
            case "application/fhir+xml", "application/xml", "application/xml+fhir", "text/xml" -> Optional.of(XML);
            default -> Optional.empty();
        };
    }
}
