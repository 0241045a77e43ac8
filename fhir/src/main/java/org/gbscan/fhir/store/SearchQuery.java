package org.gbscan.fhir.store;

import java.util.List;
import java.util.Objects;

/**
 * A search: clauses are ANDed, the values inside one clause are ORed (FHIR's repeated parameter vs.
 * comma-separated values). Paging by offset; {@code count} 0 asks only for the total.
 */
public record SearchQuery(String resourceType, List<Clause> clauses, List<Sort> sort, int offset, int count) {

    /** One search parameter occurrence: the field and its alternatives (String, Token or DateBound). */
    public record Clause(SearchField field, List<?> anyOf) {
        public Clause {
            Objects.requireNonNull(field, "field");
            anyOf = List.copyOf(anyOf);
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("a search clause needs at least one value");
            }
        }
    }

    public enum SortField { DATE, ISSUED, LAST_UPDATED }

    public record Sort(SortField field, boolean descending) {
        public Sort {
            Objects.requireNonNull(field, "field");
        }
    }

    public SearchQuery {
        Objects.requireNonNull(resourceType, "resourceType");
        clauses = List.copyOf(clauses);
        sort = List.copyOf(sort);
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset and count must be >= 0");
        }
    }
}
