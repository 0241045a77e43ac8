package org.gbscan.core;

import java.util.Objects;

/** What produced a score: shown in every SR, SC and FHIR Device. */
public record ModelInfo(String name, String version, String architecture, double threshold) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("threshold must be within (0,1), got " + threshold);
        }
    }

    public String displayName() {
        return name + " " + version;
    }
}
