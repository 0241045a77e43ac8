package org.gbscan.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {
    /**
     * Cases whose true log-odds are t, seen through a model that reports 3t + 1.5 (over-confident and shifted,
     * as a class-weighted loss leaves it): the fit recovers T = 3 and bias -0.5, and lowers the ECE on new cases.
     */
    @Test
    void undoesOverConfidenceAndShiftAndLowersTheCalibrationErrorOnNewCases() {
        Cases fit = cases(new SplittableRandom(1), 4000);
        Cases fresh = cases(new SplittableRandom(2), 4000);

        TemperatureScaling scaling = TemperatureScaling.fit(fit.z, fit.ba);

        assertThat(scaling.temperature()).isCloseTo(3.0, within(0.3));
        assertThat(scaling.bias()).isCloseTo(-0.5, within(0.15));
        double before = Calibration.of(fresh.scores(TemperatureScaling.IDENTITY)).expectedCalibrationError();
        double after = Calibration.of(fresh.scores(scaling)).expectedCalibrationError();
        assertThat(after).isLessThan(before / 3);
    }

    @Test
    void keepsScoresThatRankBackwardsAsTheyAre() {
        double[] z = {2, 1, -1, -2};
        boolean[] ba = {false, false, true, true};

        assertThat(TemperatureScaling.fit(z, ba)).isEqualTo(TemperatureScaling.IDENTITY);
    }

    private record Cases(double[] z, boolean[] ba) {
        BinaryScores scores(TemperatureScaling s) {
            double[] p = new double[z.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = s.probability(z[i]);
            }
            return new BinaryScores(p, ba);
        }
    }

    private static Cases cases(SplittableRandom random, int n) {
        double[] z = new double[n];
        boolean[] ba = new boolean[n];
        for (int i = 0; i < n; i++) {
            double t = random.nextGaussian() * 1.5;
            ba[i] = random.nextDouble() < 1 / (1 + Math.exp(-t));
            z[i] = 3 * t + 1.5;
        }
        return new Cases(z, ba);
    }
}
