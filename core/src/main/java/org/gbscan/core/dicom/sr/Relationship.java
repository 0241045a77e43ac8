package org.gbscan.core.dicom.sr;

/** How a content item relates to its parent (Relationship Type, PS3.3 C.17.3.2.4). */
public enum Relationship {
    CONTAINS, HAS_PROPERTIES, HAS_OBS_CONTEXT, HAS_ACQ_CONTEXT, INFERRED_FROM, SELECTED_FROM, HAS_CONCEPT_MOD;

    /** The defined term as written in the data set, e.g. {@code HAS OBS CONTEXT}. */
    public String dicomName() {
        return name().replace('_', ' ');
    }

    public static Relationship ofDicomName(String name) {
        return valueOf(name.trim().replace(' ', '_'));
    }
}
