package org.gbscan.core;

import java.util.Objects;

/**
 * The DICOM Patient module as far as gbscan carries it: copied unchanged into every result object so
 * the PACS files them under the same patient. Empty strings, never null (Type 2 attributes).
 *
 * @param name      DICOM Person Name (e.g. {@code DOE^JANE}); never written to logs
 * @param birthDate DA, YYYYMMDD or empty
 * @param sex       M, F, O or empty
 */
public record Patient(String id, String name, String birthDate, String sex) {
    public static final Patient UNKNOWN = new Patient("", "", "", "");

    public Patient {
        id = Objects.requireNonNullElse(id, "");
        name = Objects.requireNonNullElse(name, "");
        birthDate = Objects.requireNonNullElse(birthDate, "");
        sex = Objects.requireNonNullElse(sex, "");
    }
}
