package org.gbscan.fhir.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A FHIR date search value: a prefix and the instant range [low, high) that the value's precision spans
 * (2024-01 spans the whole month). Compared with each resource's own range as the FHIR spec describes.
 */
public record DateBound(Prefix prefix, Instant low, Instant high) {
    public enum Prefix { EQ, NE, GT, LT, GE, LE, SA, EB, AP }

    public DateBound {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        if (!high.isAfter(low)) {
            throw new IllegalArgumentException("date range must not be empty");
        }
    }
}
