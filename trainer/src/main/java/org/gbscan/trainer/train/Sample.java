package org.gbscan.trainer.train;

import java.util.List;

/**
 * One training or validation frame, preprocessed once: its crop, optional variants (simulated phone
 * photos of the same frame, preprocessed the same way), its class index and where it came from.
 *
 * @param hint the finding mask of this frame when localisation hints train on it, else null
 */
record Sample(CachedCrop crop, List<CachedCrop> variants, int label, String imageId, String patient, MaskHint hint) {
    Sample {
        variants = List.copyOf(variants);
    }

    Sample(CachedCrop crop, List<CachedCrop> variants, int label, String imageId, String patient) {
        this(crop, variants, label, imageId, patient, null);
    }

    boolean ba() {
        return label == 0;
    }
}
