package org.gbscan.trainer.train;

import java.util.List;

/**
 * One training or validation frame, preprocessed once: its crop, optional variants (simulated phone
 * photos of the same frame, preprocessed the same way), its class index and where it came from.
 */
record Sample(CachedCrop crop, List<CachedCrop> variants, int label, String imageId, String patient) {
    Sample {
        variants = List.copyOf(variants);
    }

    boolean ba() {
        return label == 0;
    }
}
