package org.gbscan.trainer.train;

import org.gbscan.phantom.PhotoSimulator;

import java.util.List;

/**
 * Phone-photo simulation as training augmentation: one simulated photo per training frame (the
 * phantom's perspective, moire, glare, colour cast, blur and JPEG steps), made once per run and
 * preprocessed like every other input, so a model trained on PACS frames also meets photos.
 */
final class PhotoVariants {
    private PhotoVariants() {
    }

    static PreparedSet.Variants create(long seed) {
        PhotoSimulator simulator = new PhotoSimulator();
        return (frame, index) -> List.of(simulator.augment(frame, seed * 7_919L + index));
    }
}
