package org.gbscan.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an outside system does with gbscan's FHIR API: find the DiagnosticReport of a study by its
 * Study Instance UID and read the BA probability from its Observation. Plain HTTP + JSON reading, as a
 * foreign client would (the tests use HAPI's own client).
 */
public final class FhirQuery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    /**
     * The parts of a report the demo prints.
     *
     * @param probability the Observation's value; NaN when it has none (a study the quality gate refused:
     *                    its dataAbsentReason and the report's conclusion say why)
     */
    public record Found(String reportId, String status, String conclusion, double probability) {
        public boolean assessable() {
            return !Double.isNaN(probability);
        }
    }

    public FhirQuery(int port, String token) {
        this.base = "http://127.0.0.1:" + port + "/fhir";
        this.token = token;
    }

    public Optional<Found> reportForStudy(String studyInstanceUid) throws IOException, InterruptedException {
        String identifier = URLEncoder.encode("urn:dicom:uid|urn:oid:" + studyInstanceUid, StandardCharsets.UTF_8);
        JsonNode bundle = get("/DiagnosticReport?identifier=" + identifier);
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode report = entry.path("resource");
            String observationRef = report.path("result").path(0).path("reference").asText();
            if (observationRef.isEmpty()) {
                continue;
            }
            JsonNode observation = get("/" + observationRef);
            double p = observation.path("valueQuantity").path("value").asDouble(Double.NaN);
            return Optional.of(new Found(report.path("id").asText(), report.path("status").asText(),
                    report.path("conclusion").asText(), p));
        }
        return Optional.empty();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("FHIR API answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
