package org.gbscan.core.dicom.sr;

import com.pixelmed.dicom.AttributeTag;

/** Tags PixelMed 20220618's dictionary names differently or not at all. */
final class SrTags {
    /** Pertinent Other Evidence Sequence (0040,A385), SR Document General module. */
    static final AttributeTag PERTINENT_OTHER_EVIDENCE = new AttributeTag(0x0040, 0xA385);

    /** Predecessor Documents Sequence (0040,A360), SR Document General module. */
    static final AttributeTag PREDECESSOR_DOCUMENTS = new AttributeTag(0x0040, 0xA360);

    private SrTags() {
    }
}
