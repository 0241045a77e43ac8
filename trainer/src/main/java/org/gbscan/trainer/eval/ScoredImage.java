package org.gbscan.trainer.eval;

import java.util.Objects;

/**
 * The model's BA probability for one labelled image.
 *
 * @param id the image's path below the data folder
 */
public record ScoredImage(String id, String patient, boolean ba, double baProbability) {
    public ScoredImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        if (!(baProbability >= 0 && baProbability <= 1)) {
            throw new IllegalArgumentException("BA probability must be within 0..1, got " + baProbability);
        }
    }
}
