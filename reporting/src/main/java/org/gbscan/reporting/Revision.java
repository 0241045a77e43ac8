package org.gbscan.reporting;

import java.util.Optional;
import org.gbscan.core.dicom.sr.EvidenceRef;

/**
 * Which scoring of a study the result objects belong to. A study that gains images after it was reported
 * is scored again as a new revision; its SR and CAM captures then need new SOP Instance UIDs, because a
 * PACS keeps the first copy of an instance it already holds (Orthanc's and dcm4chee's default), and the
 * new SR names the previous one as its predecessor. A retry of the same revision gives the same UIDs.
 *
 * @param number      1 for the first scoring of the study, then one more per re-scoring (the spool's count)
 * @param predecessor the SR this revision replaces, or null when there is none
 */
public record Revision(int number, EvidenceRef predecessor) {
    public static final Revision FIRST = new Revision(1, null);

    public Revision {
        if (number < 1) {
            throw new IllegalArgumentException("revisions start at 1, got " + number);
        }
    }

    public Optional<EvidenceRef> previous() {
        return Optional.ofNullable(predecessor);
    }

    /**
     * The extra part of a derived UID: none for revision 1, so a study scored once keeps the UIDs gbscan
     * always gave it; {@code revision-n} after that.
     */
    public String[] uidParts(String... parts) {
        if (number == 1) {
            return parts;
        }
        String[] withRevision = java.util.Arrays.copyOf(parts, parts.length + 1);
        withRevision[parts.length] = "revision-" + number;
        return withRevision;
    }
}
