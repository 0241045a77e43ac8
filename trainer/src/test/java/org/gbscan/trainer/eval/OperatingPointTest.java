package org.gbscan.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatingPointTest {
    @Test
    void takesTheHighestThresholdThatStillCallsTheTargetShareOfBaCasesBa() {
        // ten BA cases scored 0.1 .. 1.0 and three non-BA: 90% sensitivity needs 9 of 10, so t = 0.2
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.05, 0.15, 0.25};
        boolean[] ba = {true, true, true, true, true, true, true, true, true, true, false, false, false};
        BinaryScores cases = new BinaryScores(scores, ba);

        double t = OperatingPoint.forSensitivity(cases, 0.90);

        assertThat(t).isEqualTo(0.2);
        ConfusionMatrix m = ConfusionMatrix.atThreshold(cases, t);
        assertThat(m.sensitivity().value()).isEqualTo(0.9);
        assertThat(m.specificity().value()).isEqualTo(2.0 / 3.0);
    }

    @Test
    void staysInsideTheOpenUnitInterval() {
        BinaryScores cases = new BinaryScores(new double[] {0.0, 1.0}, new boolean[] {true, false});

        assertThat(OperatingPoint.forSensitivity(cases, 1.0)).isGreaterThan(0.0).isLessThan(1.0);
    }
}
