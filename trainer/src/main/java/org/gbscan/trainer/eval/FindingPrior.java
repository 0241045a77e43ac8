package org.gbscan.trainer.eval;

import org.gbscan.inference.model.ModelCard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where findings lie on average: the mean of the finding masks' centroids (union of each image's masks),
 * as fractions of the frame's width and height. A "model" that always points there is the prior
 * baseline a heat map's pointing game must beat: a finding that sits in the middle of most frames is
 * hit without looking at the image. The trainer records it in the model card's trainingData under
 * {@link #CARD_KEY}; fractions rather than pixels so frames of another size still get a point.
 *
 * @param masks  how many images' masks the mean is taken over
 * @param source what the masks were ("training set (model card)", or the evaluated set as a labelled fallback)
 */
public record FindingPrior(double xFraction, double yFraction, int masks, String source) {
    public static final String CARD_KEY = "findingPrior";

    public FindingPrior {
        if (!(xFraction >= 0 && xFraction <= 1 && yFraction >= 0 && yFraction <= 1) || masks < 1) {
            throw new IllegalArgumentException("a finding prior needs a point within the frame and at least one mask, got ("
                    + xFraction + ", " + yFraction + ") from " + masks);
        }
    }

    /** Accumulates mask centroids; {@link #result} is empty while no mask had an inside pixel. */
    public static final class Builder {
        private double sx;
        private double sy;
        private int n;

        public Builder add(FindingMask mask) {
            mask.centroidFraction().ifPresent(c -> {
                sx += c[0];
                sy += c[1];
                n++;
            });
            return this;
        }

        public Optional<FindingPrior> result(String source) {
            return n == 0 ? Optional.empty() : Optional.of(new FindingPrior(sx / n, sy / n, n, source));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the model card stores (the source is implied: the card's own training set). */
    public Map<String, Object> toCardValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("xFraction", xFraction);
        m.put("yFraction", yFraction);
        m.put("masks", masks);
        m.put("what", "mean centroid of the BA training images' finding masks (union per image), fractions of width/height");
        return m;
    }

    /** The prior the card's trainer recorded, or empty for a card without one (or with a malformed one). */
    public static Optional<FindingPrior> fromCard(ModelCard card) {
        if (!(card.trainingData().get(CARD_KEY) instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        if (m.get("xFraction") instanceof Number x && m.get("yFraction") instanceof Number y && m.get("masks") instanceof Number n) {
            try {
                return Optional.of(new FindingPrior(x.doubleValue(), y.doubleValue(), n.intValue(), "training set (model card)"));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
