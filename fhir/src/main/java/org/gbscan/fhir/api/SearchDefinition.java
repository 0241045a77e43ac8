package org.gbscan.fhir.api;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gbscan.fhir.store.SearchField;
import org.gbscan.fhir.store.SearchQuery;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Observation;

/**
 * The search parameters of one resource type and how each maps to the store's fields. Also the source
 * of the CapabilityStatement's search parameter list, so what is advertised is what is served.
 */
final class SearchDefinition {
    enum Kind { REFERENCE, TOKEN, DATE, CODE, ID }

    /** One parameter name (with modifier, e.g. {@code subject:identifier}) and its meaning. */
    record Param(String name, SearchParamType type, Kind kind, SearchField field, String targetType, String doc) {
    }

    /** The search parameters that are not filters. */
    static final Set<String> CONTROL = Set.of("_count", "_sort", "_offset", "_format", "_pretty");

    static final SearchDefinition DIAGNOSTIC_REPORT = new SearchDefinition("DiagnosticReport",
            Map.of("date", SearchQuery.SortField.DATE, "issued", SearchQuery.SortField.ISSUED,
                    "_lastUpdated", SearchQuery.SortField.LAST_UPDATED),
            List.of(SearchQuery.SortField.ISSUED),
            new Param("_id", SearchParamType.TOKEN, Kind.ID, SearchField.ID, null, "Report id"),
            new Param("patient", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.PATIENT, "Patient",
                    "The subject Patient (id, Patient/id or URL)"),
            new Param("subject", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.PATIENT, "Patient",
                    "The subject (always a Patient here)"),
            new Param("patient:identifier", SearchParamType.TOKEN, Kind.TOKEN, SearchField.PATIENT_IDENTIFIER, null,
                    "The subject Patient's identifier (DICOM Patient ID): system|value"),
            new Param("subject:identifier", SearchParamType.TOKEN, Kind.TOKEN, SearchField.PATIENT_IDENTIFIER, null,
                    "Same as patient:identifier"),
            new Param("identifier", SearchParamType.TOKEN, Kind.TOKEN, SearchField.IDENTIFIER, null,
                    "Study Instance UID: urn:dicom:uid|urn:oid:<uid>"),
            new Param("date", SearchParamType.DATE, Kind.DATE, SearchField.DATE, null,
                    "Study date/time (effectiveDateTime) with prefixes eq ne gt lt ge le sa eb ap"),
            new Param("status", SearchParamType.TOKEN, Kind.CODE, SearchField.STATUS, null, "Report status (final)"),
            new Param("code", SearchParamType.TOKEN, Kind.TOKEN, SearchField.CODE, null,
                    "Report code: http://loinc.org|18748-4"),
            new Param("conclusion", SearchParamType.TOKEN, Kind.TOKEN, SearchField.CONCLUSION, null,
                    "Conclusion code (SNOMED CT 77480004 suspected, 428263003 not suspected)"),
            new Param("imaging-study", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.IMAGING_STUDY,
                    "ImagingStudy", "The ImagingStudy the report is about (gbscan extension of the R4 parameter set)"));

    static final SearchDefinition OBSERVATION = new SearchDefinition("Observation",
            Map.of("_lastUpdated", SearchQuery.SortField.LAST_UPDATED),
            List.of(SearchQuery.SortField.LAST_UPDATED),
            new Param("_id", SearchParamType.TOKEN, Kind.ID, SearchField.ID, null, "Observation id"),
            new Param("patient", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.PATIENT, "Patient", "The subject Patient"),
            new Param("subject", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.PATIENT, "Patient", "The subject"),
            new Param("derived-from", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.IMAGING_STUDY, "ImagingStudy",
                    "The ImagingStudy the probability was computed from"),
            new Param("device", SearchParamType.REFERENCE, Kind.REFERENCE, SearchField.DEVICE, "Device",
                    "The model (Device) that computed it"),
            new Param("code", SearchParamType.TOKEN, Kind.TOKEN, SearchField.CODE, null, "Observation code"));

    private final String resourceType;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, SearchQuery.SortField> sortFields;
    private final List<SearchQuery.SortField> defaultSort;

    private SearchDefinition(String resourceType, Map<String, SearchQuery.SortField> sortFields,
                             List<SearchQuery.SortField> defaultSortDescending, Param... params) {
        this.resourceType = resourceType;
        this.sortFields = Map.copyOf(sortFields);
        this.defaultSort = List.copyOf(defaultSortDescending);
        Arrays.stream(params).forEach(p -> this.params.put(p.name(), p));
    }

    String resourceType() {
        return resourceType;
    }

    List<Param> params() {
        return List.copyOf(params.values());
    }

    Set<String> sortNames() {
        return sortFields.keySet();
    }

    /** A parsed search and the parameters to repeat in its paging links. */
    record Parsed(SearchQuery query, List<Map.Entry<String, String>> linkParams, int count, int offset) {
    }

    /**
     * Parses request parameters. Unknown parameters are refused (400) unless the client asked for
     * lenient handling: silently ignoring a misspelt filter would return other patients' reports.
     */
    Parsed parse(Map<String, List<String>> request, boolean lenient, ZoneId zone, int defaultCount, int maxCount) {
        List<SearchQuery.Clause> clauses = new ArrayList<>();
        List<Map.Entry<String, String>> link = new ArrayList<>();
        int count = defaultCount;
        int offset = 0;
        List<SearchQuery.Sort> sort = defaultSort.stream().map(f -> new SearchQuery.Sort(f, true)).toList();
        for (Map.Entry<String, List<String>> e : request.entrySet()) {
            String name = e.getKey();
            for (String value : e.getValue()) {
                switch (name) {
                    case "_count" -> count = Math.min(ParamValues.nonNegativeInt(name, value), maxCount);
                    case "_offset" -> offset = ParamValues.nonNegativeInt(name, value);
                    case "_sort" -> sort = sort(value);
                    case "_format", "_pretty" -> { } // output options, handled by the caller
                    default -> {
                        Param param = params.get(name);
                        if (param == null) {
                            if (lenient) {
                                continue;
                            }
                            throw FhirHttpException.badRequest("unknown search parameter '" + name + "' for " + resourceType
                                    + "; supported: " + String.join(", ", params.keySet()) + ", " + String.join(", ", CONTROL));
                        }
                        clauses.add(clause(param, value, zone));
                    }
                }
                if (!name.equals("_offset")) {
                    link.add(Map.entry(name, value));
                }
            }
        }
        return new Parsed(new SearchQuery(resourceType, clauses, sort, offset, count), link, count, offset);
    }

    private List<SearchQuery.Sort> sort(String value) {
        List<SearchQuery.Sort> sort = new ArrayList<>();
        for (String raw : value.split(",")) {
            String key = raw.trim();
            boolean descending = key.startsWith("-");
            SearchQuery.SortField field = sortFields.get(descending ? key.substring(1) : key);
            if (field == null) {
                throw FhirHttpException.badRequest("_sort '" + key + "' is not supported for " + resourceType
                        + "; use " + sortFields.keySet().stream().sorted().collect(Collectors.joining(", ")) + " (prefix - for descending)");
            }
            sort.add(new SearchQuery.Sort(field, descending));
        }
        return sort;
    }

    private SearchQuery.Clause clause(Param param, String value, ZoneId zone) {
        if (value.isBlank()) {
            throw FhirHttpException.badRequest("parameter " + param.name() + " has no value");
        }
        List<Object> anyOf = new ArrayList<>();
        for (String one : value.split(",")) {
            anyOf.add(switch (param.kind()) {
                case REFERENCE -> ParamValues.reference(param.name(), one, param.targetType());
                case TOKEN -> ParamValues.token(param.name(), one);
                case DATE -> ParamValues.date(param.name(), one, zone);
                case ID -> ParamValues.reference(param.name(), one, resourceType);
                case CODE -> statusCode(param.name(), one.trim());
            });
        }
        return new SearchQuery.Clause(param.field(), anyOf);
    }

    private String statusCode(String param, String code) {
        try {
            if (resourceType.equals("DiagnosticReport")) {
                DiagnosticReport.DiagnosticReportStatus.fromCode(code);
            } else {
                Observation.ObservationStatus.fromCode(code);
            }
            return code;
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            throw FhirHttpException.badRequest("parameter " + param + ": '" + code + "' is not a " + resourceType + " status");
        }
    }
}
