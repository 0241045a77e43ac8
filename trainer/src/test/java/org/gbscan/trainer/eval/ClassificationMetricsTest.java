package org.gbscan.trainer.eval;

import org.gbscan.core.HeatMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expected numbers worked out by hand from the formulas named in each test. */
class ClassificationMetricsTest {

    @Test
    void wilsonIntervalOfNineOutOfTen() {
        // p = 0.9, n = 10, z = 1.959964, z^2 = 3.841459, 1 + z^2/n = 1.384146
        // centre = (0.9 + 3.841459/20) / 1.384146 = 1.092073 / 1.384146 = 0.788985
        // half = 1.959964 / 1.384146 * sqrt(0.09/10 + 3.841459/400) = 1.416009 * sqrt(0.0186036) = 0.193135
        // -> (0.595850, 0.982124), the textbook 0.596-0.982
        Proportion p = Proportion.wilson(9, 10);
        assertThat(p.value()).isEqualTo(0.9);
        assertThat(p.lower()).isCloseTo(0.595850, within(2e-5));
        assertThat(p.upper()).isCloseTo(0.982123, within(2e-5));
    }

    @Test
    void wilsonIntervalOfZeroSuccessesStartsAtZero() {
        // p = 0: centre = (z^2/2n)/(1+z^2/n), half = z/(1+z^2/n) * z/(2n) = same -> lower 0
        // n = 5: upper = 2 * (3.841459/10) / (1 + 3.841459/5) = 0.768292 / 1.768292 = 0.434482
        Proportion p = Proportion.wilson(0, 5);
        assertThat(p.lower()).isCloseTo(0.0, within(1e-12));
        assertThat(p.upper()).isCloseTo(0.434482, within(1e-5));
    }

    @Test
    void confusionMatrixAtThresholdCallsBaAtOrAboveIt() {
        // threshold 0.5: BA cases 0.9 0.5 0.2 -> TP TP FN; non-BA 0.7 0.1 0.49 -> FP TN TN
        BinaryScores cases = new BinaryScores(new double[]{0.9, 0.5, 0.2, 0.7, 0.1, 0.49},
                new boolean[]{true, true, true, false, false, false});
        ConfusionMatrix m = ConfusionMatrix.atThreshold(cases, 0.5);
        assertThat(m).isEqualTo(new ConfusionMatrix(2, 1, 1, 2));
        assertThat(m.sensitivity().value()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.specificity().value()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.accuracy().value()).isCloseTo(4.0 / 6, within(1e-12));
    }

    @Test
    void kappaFromObservedAndChanceAgreement() {
        // TP 20 FN 5 FP 10 TN 15, N 50: po = 35/50 = 0.7
        // actual BA 25, called BA 30: pe = (25*30 + 25*20)/2500 = 1250/2500 = 0.5
        // kappa = (0.7 - 0.5)/(1 - 0.5) = 0.4
        assertThat(new ConfusionMatrix(20, 5, 10, 15).kappa()).isCloseTo(0.4, within(1e-12));
        // perfect agreement: po = 1 -> kappa 1
        assertThat(new ConfusionMatrix(4, 0, 0, 6).kappa()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void expectedCalibrationErrorWeighsBinGapsByCount() {
        // bin [0,0.1): 0.05 (non-BA)                  mean 0.05,   rate 0   -> gap 0.05, weight 1/6
        // bin [0.1,0.2): 0.15 (non-BA), 0.12 (BA)     mean 0.135,  rate 1/2 -> gap 0.365, weight 2/6
        // bin [0.9,1.0]: 0.95 (BA), 0.92 (non), 1.0 (BA) mean 2.87/3 = 0.956667, rate 2/3 -> gap 0.29, weight 3/6
        // ECE = (0.05 + 2*0.365 + 3*0.29)/6 = 1.65/6 = 0.275
        BinaryScores cases = new BinaryScores(new double[]{0.05, 0.15, 0.12, 0.95, 0.92, 1.0},
                new boolean[]{false, false, true, true, false, true});
        Calibration.Result r = Calibration.of(cases);
        assertThat(r.expectedCalibrationError()).isCloseTo(0.275, within(1e-12));
        assertThat(r.bins()).hasSize(10);
        assertThat(r.bins().get(9).count()).isEqualTo(3);
        assertThat(r.bins().get(1).observedRate()).isEqualTo(0.5);
    }

    @Test
    void rocCurveStepsThroughEveryDistinctScoreAndItsAreaIsTheAuc() {
        // sorted: 0.9 BA, 0.8 BA, 0.7 non, 0.4 BA+non (tie), 0.3 non; 3 BA, 3 non
        // points: (0,0) (0,1/3) (0,2/3) (1/3,2/3) (2/3,1) (1,1); trapezoids 2/9 + 5/18 + 1/3 = 15/18
        List<RocCurve.Point> points = RocCurve.of(DeLongTest.A);
        assertThat(points).extracting(RocCurve.Point::falsePositiveRate)
                .containsExactly(0.0, 0.0, 0.0, 1.0 / 3, 2.0 / 3, 1.0);
        assertThat(points).extracting(RocCurve.Point::truePositiveRate)
                .containsExactly(0.0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0, 1.0);
        assertThat(RocCurve.area(points)).isCloseTo(15.0 / 18, within(1e-12));
    }

    @Test
    void pointingGameCountsMaximaInsideTheUnionOfFindingMasks() {
        // 4x4 masks: gallbladder at (1,1), cord at (3,0); union {(1,1),(3,0)}
        boolean[] gb = new boolean[16];
        gb[1 * 4 + 1] = true;
        boolean[] cord = new boolean[16];
        cord[3] = true;
        FindingMask union = FindingMask.union(List.of(new FindingMask(4, 4, gb), new FindingMask(4, 4, cord)));
        PointingGame game = new PointingGame();
        assertThat(game.add(peakAt(4, 4, 1, 1), union)).isTrue();   // inside the gallbladder
        assertThat(game.add(peakAt(4, 4, 3, 0), union)).isTrue();   // inside the cord
        assertThat(game.add(peakAt(4, 4, 0, 3), union)).isFalse();  // elsewhere
        // an 8x8 heat map: pixel (2,2) has centre 2.5 -> 2.5 * 4/8 = 1.25 -> mask cell (1,1)
        assertThat(game.add(peakAt(8, 8, 2, 2), union)).isTrue();
        assertThat(game.result().successes()).isEqualTo(3);
        assertThat(game.result().trials()).isEqualTo(4);
    }

    private static HeatMap peakAt(int w, int h, int x, int y) {
        float[] v = new float[w * h];
        v[y * w + x] = 1f;
        return new HeatMap(w, h, v);
    }
}
