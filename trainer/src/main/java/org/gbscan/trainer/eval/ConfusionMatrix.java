package org.gbscan.trainer.eval;

import org.gbscan.core.Label;

/**
 * Two-by-two table with BA (label 0) as the positive class.
 *
 * @param truePositives  BA called BA
 * @param falseNegatives BA called non-BA (the costly miss)
 * @param falsePositives non-BA called BA
 * @param trueNegatives  non-BA called non-BA
 */
public record ConfusionMatrix(int truePositives, int falseNegatives, int falsePositives, int trueNegatives) {
    public ConfusionMatrix {
        if (truePositives < 0 || falseNegatives < 0 || falsePositives < 0 || trueNegatives < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0");
        }
    }

    /** Calls BA when the BA probability is at or above the threshold (as {@link Label#atThreshold}). */
    public static ConfusionMatrix atThreshold(BinaryScores cases, double threshold) {
        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (int i = 0; i < cases.size(); i++) {
            boolean calledBa = Label.atThreshold(cases.scores()[i], threshold) == Label.BA;
            if (cases.ba()[i]) {
                if (calledBa) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (calledBa) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fn, fp, tn);
    }

    public int total() {
        return truePositives + falseNegatives + falsePositives + trueNegatives;
    }

    public Proportion sensitivity() {
        return Proportion.wilson(truePositives, truePositives + falseNegatives);
    }

    public Proportion specificity() {
        return Proportion.wilson(trueNegatives, trueNegatives + falsePositives);
    }

    public Proportion accuracy() {
        return Proportion.wilson(truePositives + trueNegatives, total());
    }

    /** Cohen's kappa: (po - pe) / (1 - pe), pe from the row and column margins; NaN when pe = 1. */
    public double kappa() {
        double n = total();
        if (n == 0) {
            return Double.NaN;
        }
        double observed = (truePositives + trueNegatives) / n;
        double actualBa = truePositives + falseNegatives;
        double calledBa = truePositives + falsePositives;
        double expected = (actualBa * calledBa + (n - actualBa) * (n - calledBa)) / (n * n);
        return expected == 1.0 ? Double.NaN : (observed - expected) / (1 - expected);
    }
}
