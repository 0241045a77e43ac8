package org.gbscan.core.dicom.sr;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.SopClass;
import org.gbscan.core.dicom.ImageSpec;

/**
 * Everything needed to write one Structured Report: identity (SOP class chooses Comprehensive or
 * Enhanced SR), the SR Document General module's flags and evidence, and the content tree.
 * The verification flag is always UNVERIFIED: gbscan is an algorithm, no person has signed the content.
 *
 * @param complete         Completion Flag COMPLETE (true) or PARTIAL
 * @param contentDateTime  Content Date/Time: when the content was produced (e.g. when the study was scored)
 * @param currentEvidence  instances the content was derived from (Current Requested Procedure Evidence Sequence)
 * @param otherEvidence    other referenced instances, e.g. our own derived images (Pertinent Other Evidence Sequence)
 * @param privateSchemes   private coding schemes used in the tree (Coding Scheme Identification Sequence)
 * @param predecessors     earlier reports this one replaces (Predecessor Documents Sequence), e.g. the report of
 *                         the study before more images arrived; empty for a first report
 */
public record SrDocument(InstanceRef ref, ImageSpec.Equipment equipment, String seriesDescription, boolean complete,
                         LocalDateTime contentDateTime, ContentItem.Container root, List<EvidenceRef> currentEvidence,
                         List<EvidenceRef> otherEvidence, List<CodingScheme> privateSchemes,
                         List<EvidenceRef> predecessors) {
    public SrDocument {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(equipment, "equipment");
        Objects.requireNonNull(contentDateTime, "contentDateTime");
        Objects.requireNonNull(root, "root");
        seriesDescription = Objects.requireNonNullElse(seriesDescription, "");
        currentEvidence = List.copyOf(currentEvidence);
        otherEvidence = List.copyOf(otherEvidence);
        privateSchemes = List.copyOf(privateSchemes);
        predecessors = List.copyOf(predecessors);
        if (predecessors.stream().anyMatch(p -> p.sopInstanceUid().equals(ref.sopInstanceUid()))) {
            throw new IllegalArgumentException("an SR cannot be its own predecessor: " + ref.sopInstanceUid());
        }
        SopClass sop = SopClass.ofUid(ref.sopClassUid()).orElse(null);
        if (sop != SopClass.COMPREHENSIVE_SR && sop != SopClass.ENHANCED_SR) {
            throw new IllegalArgumentException("an SR document is Comprehensive SR or Enhanced SR, not " + ref.sopClassUid());
        }
        if (root.relationship() != null) {
            throw new IllegalArgumentException("the root container has no relationship type");
        }
    }

    /** A first report: no predecessor. */
    public SrDocument(InstanceRef ref, ImageSpec.Equipment equipment, String seriesDescription, boolean complete,
                      LocalDateTime contentDateTime, ContentItem.Container root, List<EvidenceRef> currentEvidence,
                      List<EvidenceRef> otherEvidence, List<CodingScheme> privateSchemes) {
        this(ref, equipment, seriesDescription, complete, contentDateTime, root, currentEvidence, otherEvidence,
                privateSchemes, List.of());
    }
}
