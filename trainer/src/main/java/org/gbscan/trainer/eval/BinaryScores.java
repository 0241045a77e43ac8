package org.gbscan.trainer.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Cases scored by one rater (model or reader): the score is the BA probability (higher = more BA),
 * {@code ba} marks the positive class (label 0, biliary atresia). Arrays are copied.
 */
public record BinaryScores(double[] scores, boolean[] ba) {
    public BinaryScores {
        if (scores == null || ba == null || scores.length != ba.length) {
            throw new IllegalArgumentException("scores and labels must have the same length");
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a score is NaN");
            }
        }
        scores = scores.clone();
        ba = ba.clone();
    }

    public static BinaryScores of(List<Double> scores, List<Boolean> ba) {
        double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] b = new boolean[ba.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ba.get(i);
        }
        return new BinaryScores(s, b);
    }

    public int size() {
        return scores.length;
    }

    public int positives() {
        int n = 0;
        for (boolean b : ba) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public int negatives() {
        return size() - positives();
    }

    /** Scores of the BA cases, in case order. */
    public double[] positiveScores() {
        return select(true);
    }

    /** Scores of the non-BA cases, in case order. */
    public double[] negativeScores() {
        return select(false);
    }

    private double[] select(boolean positive) {
        double[] out = new double[positive ? positives() : negatives()];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if (ba[i] == positive) {
                out[k++] = scores[i];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryScores other && Arrays.equals(scores, other.scores) && Arrays.equals(ba, other.ba);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scores) + Arrays.hashCode(ba);
    }

    @Override
    public String toString() {
        return "BinaryScores[" + size() + " cases, " + positives() + " BA]";
    }
}
