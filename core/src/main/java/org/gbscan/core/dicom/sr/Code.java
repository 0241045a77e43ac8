package org.gbscan.core.dicom.sr;

import java.util.Objects;

/**
 * A coded concept: the DICOM Code Sequence macro (PS3.3 Table 8.8-1). Concept names, coded values and
 * units of an SR are all codes.
 *
 * @param value   Code Value (SH, at most 16 characters; longer codes are not needed by gbscan)
 * @param scheme  Coding Scheme Designator, e.g. {@code DCM}, {@code SCT}, {@code UCUM}, or a private {@code 99...}
 * @param meaning Code Meaning as shown to people (LO, at most 64 characters)
 */
public record Code(String value, String scheme, String meaning) {
    public Code {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(meaning, "meaning");
        if (value.isBlank() || value.length() > 16) {
            throw new IllegalArgumentException("code value must be 1..16 characters, got '" + value + "'");
        }
        if (scheme.isBlank() || scheme.length() > 16) {
            throw new IllegalArgumentException("coding scheme designator must be 1..16 characters, got '" + scheme + "'");
        }
        if (meaning.isBlank() || meaning.length() > 64) {
            throw new IllegalArgumentException("code meaning must be 1..64 characters, got '" + meaning + "'");
        }
    }

    /** Same concept: value and scheme match (the meaning is only a label). */
    public boolean sameConceptAs(Code other) {
        return other != null && value.equals(other.value) && scheme.equals(other.scheme);
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
