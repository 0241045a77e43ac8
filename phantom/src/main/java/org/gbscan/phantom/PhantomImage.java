package org.gbscan.phantom;

import java.util.List;
import java.util.Set;
import org.gbscan.core.Label;

/**
 * One generated image as the label CSV and the manifest describe it. Paths are relative to the output
 * folder with '/' separators; mask paths are null where there is no such mask.
 *
 * @param frameOffsets per frame, the whole-pixel shift {dx, dy} of the tissue relative to frame 0: the
 *                     masks (drawn for frame 0) shifted by it fit frame k
 * @param gallbladderLengthMm the organ's long axis in this view (the caliper measurement); 0, like the
 *                     area, when the view misses the gallbladder ({@link Hardness#NOT_IN_VIEW})
 */
public record PhantomImage(String file, String patientId, Label label, CaseVariant variant, int series, int instance,
                           int frames, String photometric, String transferSyntax, int width, int height, double mmPerPx,
                           double gallbladderLengthMm, int gallbladderAreaPx, boolean cordVisible, Set<Hardness> hardness,
                           String gallbladderMask, String cordMask, String photo, String photoGallbladderMask,
                           String photoCordMask, List<int[]> frameOffsets) {

    /** True when something in this image blurs the line between the classes. */
    public boolean hard() {
        return variant.hard() || hardness.stream().anyMatch(Hardness::confusing);
    }
}
