package org.gbscan.core.dicom.sr;

import java.util.Objects;

/**
 * A coding scheme the document uses that a receiver cannot look up elsewhere: a private {@code 99...}
 * designator. Written to the Coding Scheme Identification Sequence (PS3.3 C.12.1.1.2) so the codes
 * stay interpretable.
 */
public record CodingScheme(String designator, String uid, String name, String responsibleOrganization) {
    public CodingScheme {
        Objects.requireNonNull(designator, "designator");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(responsibleOrganization, "responsibleOrganization");
    }
}
