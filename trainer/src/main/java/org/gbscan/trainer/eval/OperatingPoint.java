package org.gbscan.trainer.eval;

import java.util.Arrays;

/**
 * The threshold for a stated sensitivity: the highest threshold t (BA when p >= t) at which at least
 * {@code target} of the BA cases are called BA, so specificity is as high as that sensitivity allows.
 * The study's priority is not to miss BA, so the target is stated and specificity is what follows.
 */
public final class OperatingPoint {
    /** Thresholds are kept inside (0,1), as the model card requires. */
    static final double MIN = 1e-4;
    static final double MAX = 1 - 1e-4;

    private OperatingPoint() {
    }

    public static double forSensitivity(BinaryScores cases, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target sensitivity must be within (0,1], got " + target);
        }
        double[] ba = new double[cases.positives()];
        int j = 0;
        for (int i = 0; i < cases.size(); i++) {
            if (cases.ba()[i]) {
                ba[j++] = cases.scores()[i];
            }
        }
        if (ba.length == 0) {
            throw new IllegalArgumentException("no BA case to set a sensitivity on");
        }
        Arrays.sort(ba);
        int needed = (int) Math.ceil(target * ba.length - 1e-9);
        // the needed-th highest BA score: every BA case at or above it is called BA
        double t = ba[ba.length - needed];
        return Math.min(MAX, Math.max(MIN, t));
    }
}
