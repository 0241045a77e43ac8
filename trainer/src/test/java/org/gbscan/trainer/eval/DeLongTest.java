package org.gbscan.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected numbers worked out by hand from DeLong et al. (1988) on two raters of six cases.
 * BA cases X (positives), non-BA cases Y, psi(x,y) = 1 if x > y, 1/2 if tied, 0 otherwise.
 */
class DeLongTest {
    //                                    X1   X2   X3   Y1   Y2   Y3
    static final boolean[] BA = {true, true, true, false, false, false};
    // Rater A: X = {0.9, 0.8, 0.4}, Y = {0.7, 0.3, 0.4} (X3 and Y3 tie)
    static final BinaryScores A = new BinaryScores(new double[]{0.9, 0.8, 0.4, 0.7, 0.3, 0.4}, BA);
    // Rater B: X = {0.6, 0.9, 0.2}, Y = {0.5, 0.1, 0.8}
    static final BinaryScores B = new BinaryScores(new double[]{0.6, 0.9, 0.2, 0.5, 0.1, 0.8}, BA);

    @Test
    void aucIsTheMannWhitneyStatisticWithTiesCountingHalf() {
        // psi rows X1..X3 against Y1..Y3: (1,1,1) (1,1,1) (0,1,1/2) -> sum 7.5 over 9 pairs = 0.8333
        assertThat(DeLong.aucOnly(A)).isCloseTo(7.5 / 9, within(1e-12));
        // rater B: (1,1,0) (1,1,1) (0,1,0) -> 6/9
        assertThat(DeLong.aucOnly(B)).isCloseTo(6.0 / 9, within(1e-12));
    }

    @Test
    void varianceIsS10OverMPlusS01OverN() {
        // V10 = (1, 1, 0.5), deviations from 5/6: (1/6, 1/6, -1/3) -> S10 = (1/36+1/36+4/36)/2 = 1/12
        // V01 = (2/3, 1, 5/6), deviations: (-1/6, 1/6, 0)        -> S01 = (2/36)/2 = 1/36
        // Var = (1/12)/3 + (1/36)/3 = 1/36 + 1/108 = 1/27 = 0.0370370
        AucEstimate a = DeLong.auc(A, 0.95, AucEstimate.CiMethod.PLAIN);
        assertThat(a.variance()).isCloseTo(1.0 / 27, within(1e-12));
        assertThat(a.positives()).isEqualTo(3);
        assertThat(a.negatives()).isEqualTo(3);
    }

    @Test
    void plainIntervalIsWaldClippedToOne() {
        // SE = sqrt(1/27) = 0.192450; z = 1.959964; half = 0.377195
        // 0.833333 - 0.377195 = 0.456138; 0.833333 + 0.377195 = 1.2105 -> clipped to 1
        AucEstimate a = DeLong.auc(A, 0.95, AucEstimate.CiMethod.PLAIN);
        assertThat(a.lower()).isCloseTo(0.456138, within(1e-5));
        assertThat(a.upper()).isEqualTo(1.0);
    }

    @Test
    void logitIntervalStaysInsideZeroToOne() {
        // logit(5/6) = ln 5 = 1.609438; SE_logit = 0.192450 / (5/6 * 1/6) = 0.192450 * 7.2 = 1.385641
        // z * SE_logit = 1.959964 * 1.385641 = 2.715806
        // lower = expit(1.609438 - 2.715806) = expit(-1.106368) = 1 / (1 + e^1.106368) = 1 / 4.023357 = 0.248548
        // upper = expit(4.325244) = 1 / (1 + e^-4.325244) = 1 / 1.013231 = 0.986942
        AucEstimate a = DeLong.auc(A);
        assertThat(a.method()).isEqualTo(AucEstimate.CiMethod.LOGIT);
        assertThat(a.lower()).isCloseTo(0.248548, within(1e-5));
        assertThat(a.upper()).isCloseTo(0.986942, within(1e-5));
        assertThat(a.formatted()).isEqualTo("0.833 (95% CI 0.249-0.987)");
    }

    @Test
    void pairedTestUsesTheCovarianceOfBothRaters() {
        // B: V10 = (2/3, 1, 1/3), V01 = (2/3, 1, 1/3), AUC 2/3
        // S10_BB = (0 + 1/9 + 1/9)/2 = 1/9, S01_BB = 1/9 -> Var(B) = 1/27 + 1/27 = 2/27
        // S10_AB = (1/6*0 + 1/6*1/3 + (-1/3)(-1/3))/2 = (1/18 + 2/18)/2 = 1/12
        // S01_AB = (-1/6*0 + 1/6*1/3 + 0*(-1/3))/2 = 1/36 -> Cov = 1/36 + 1/108 = 1/27
        // Var(A-B) = 1/27 + 2/27 - 2/27 = 1/27, SE = 0.192450
        // diff = 5/6 - 2/3 = 1/6 = 0.166667; z = (1/6) / sqrt(1/27) = sqrt(3)/2 = 0.866025
        // p = 2 * (1 - Phi(0.866025)) = 2 * (1 - 0.806775) = 0.386476
        // CI = 0.166667 -+ 0.377195 = (-0.210529, 0.543862)
        PairedAucTest t = DeLong.compare(A, B, 0.95);
        assertThat(t.aucA()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(t.aucB()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(t.difference()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(t.variance()).isCloseTo(1.0 / 27, within(1e-12));
        assertThat(t.z()).isCloseTo(Math.sqrt(3) / 2, within(1e-9));
        assertThat(t.pValue()).isCloseTo(0.386476, within(1e-5));
        assertThat(t.lower()).isCloseTo(-0.210529, within(1e-5));
        assertThat(t.upper()).isCloseTo(0.543862, within(1e-5));
    }

    @Test
    void pairedTestIsAntisymmetric() {
        PairedAucTest ab = DeLong.compare(A, B, 0.95);
        PairedAucTest ba = DeLong.compare(B, A, 0.95);
        assertThat(ba.difference()).isCloseTo(-ab.difference(), within(1e-12));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), within(1e-12));
    }

    @Test
    void raterComparedWithItselfHasPValueOne() {
        PairedAucTest t = DeLong.compare(A, A, 0.95);
        assertThat(t.difference()).isZero();
        assertThat(t.pValue()).isEqualTo(1.0);
    }

    @Test
    void perfectSeparationHasAucOneAndZeroWidthInterval() {
        // every psi = 1 -> all V10 = V01 = 1 -> variances 0
        BinaryScores perfect = new BinaryScores(new double[]{0.9, 0.8, 0.2, 0.1}, new boolean[]{true, true, false, false});
        AucEstimate a = DeLong.auc(perfect);
        assertThat(a.auc()).isEqualTo(1.0);
        assertThat(a.variance()).isZero();
        assertThat(a.lower()).isEqualTo(1.0);
        assertThat(a.upper()).isEqualTo(1.0);
    }

    @Test
    void midRankComponentsEqualTheDirectDoubleSum() {
        Random random = new Random(11);
        double[] s = new double[60];
        boolean[] ba = new boolean[60];
        for (int i = 0; i < s.length; i++) {
            ba[i] = i % 3 == 0;
            s[i] = Math.round((random.nextDouble() + (ba[i] ? 0.3 : 0)) * 10) / 10.0; // coarse: many ties
        }
        BinaryScores cases = new BinaryScores(s, ba);
        double[] x = cases.positiveScores();
        double[] y = cases.negativeScores();
        double sum = 0;
        double[] v10 = new double[x.length];
        double[] v01 = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                double psi = x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
                sum += psi;
                v10[i] += psi / y.length;
                v01[j] += psi / x.length;
            }
        }
        double auc = sum / (x.length * y.length);
        double var = sampleVariance(v10) / x.length + sampleVariance(v01) / y.length;
        AucEstimate a = DeLong.auc(cases);
        assertThat(a.auc()).isCloseTo(auc, within(1e-12));
        assertThat(a.variance()).isCloseTo(var, within(1e-12));
    }

    @Test
    void refusesAnAucWithoutBothClasses() {
        BinaryScores onlyBa = new BinaryScores(new double[]{0.2, 0.4}, new boolean[]{true, true});
        assertThatThrownBy(() -> DeLong.auc(onlyBa)).hasMessageContaining("needs BA and non-BA");
    }

    @Test
    void midRanksShareTiedRanks() {
        // values 0.3 0.1 0.3 0.2: sorted 0.1(1) 0.2(2) 0.3 0.3 (ranks 3 and 4 -> 3.5 each)
        assertThat(DeLong.midRanks(new double[]{0.3, 0.1, 0.3, 0.2})).containsExactly(3.5, 1, 3.5, 2);
    }

    private static double sampleVariance(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return java.util.Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum() / (v.length - 1);
    }
}
