package org.gbscan.trainer.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * AUC (Mann-Whitney) with DeLong's nonparametric variance, and DeLong's paired test.
 *
 * <p>With m BA cases X and n non-BA cases Y and psi(x, y) = 1 if x > y, 1/2 if x = y, 0 otherwise:
 * AUC = (1/mn) sum psi(X_i, Y_j); the structural components V10(X_i) = (1/n) sum_j psi(X_i, Y_j) and
 * V01(Y_j) = (1/m) sum_i psi(X_i, Y_j); S10 and S01 their sample (co)variances (divisor m-1, n-1);
 * Var(AUC) = S10/m + S01/n. The components are computed from mid-ranks (Sun and Xu 2014), which is
 * the same number as the double sum in O(N log N).
 */
public final class DeLong {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private DeLong() {
    }

    /** AUC with a 95% logit interval. */
    public static AucEstimate auc(BinaryScores cases) {
        return auc(cases, 0.95, AucEstimate.CiMethod.LOGIT);
    }

    public static AucEstimate auc(BinaryScores cases, double level, AucEstimate.CiMethod method) {
        Components c = Components.of(cases);
        double auc = c.auc();
        double variance = c.m() >= 2 && c.n() >= 2
                ? variance(c.v10(), c.v10()) / c.m() + variance(c.v01(), c.v01()) / c.n()
                : Double.NaN;
        double z = zFor(level);
        double lower;
        double upper;
        if (Double.isNaN(variance)) {
            lower = Double.NaN;
            upper = Double.NaN;
        } else if (method == AucEstimate.CiMethod.PLAIN || auc <= 0.0 || auc >= 1.0) {
            // logit(0) and logit(1) do not exist; there the DeLong variance is 0 anyway.
            double half = z * Math.sqrt(variance);
            lower = Math.max(0.0, auc - half);
            upper = Math.min(1.0, auc + half);
        } else {
            double logit = Math.log(auc / (1 - auc));
            double seLogit = Math.sqrt(variance) / (auc * (1 - auc));
            lower = expit(logit - z * seLogit);
            upper = expit(logit + z * seLogit);
        }
        return new AucEstimate(auc, variance, lower, upper, level, method, c.m(), c.n());
    }

    /** Mann-Whitney AUC alone (needs at least one case of each class). */
    public static double aucOnly(BinaryScores cases) {
        return Components.of(cases).auc();
    }

    /**
     * Paired test of rater A against rater B on the same cases (same order, same labels).
     * Var(A - B) = Var(A) + Var(B) - 2 Cov(A, B) with Cov = S10_AB/m + S01_AB/n.
     */
    public static PairedAucTest compare(BinaryScores a, BinaryScores b, double level) {
        if (!Arrays.equals(a.ba(), b.ba())) {
            throw new IllegalArgumentException("a paired test needs the same cases with the same labels for both raters");
        }
        Components ca = Components.of(a);
        Components cb = Components.of(b);
        int m = ca.m();
        int n = ca.n();
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("a paired DeLong test needs at least 2 BA and 2 non-BA cases, got "
                    + m + " and " + n);
        }
        double varA = variance(ca.v10(), ca.v10()) / m + variance(ca.v01(), ca.v01()) / n;
        double varB = variance(cb.v10(), cb.v10()) / m + variance(cb.v01(), cb.v01()) / n;
        double cov = variance(ca.v10(), cb.v10()) / m + variance(ca.v01(), cb.v01()) / n;
        double varDiff = Math.max(0.0, varA + varB - 2 * cov);
        double diff = ca.auc() - cb.auc();
        double se = Math.sqrt(varDiff);
        double zLevel = zFor(level);
        double z;
        double p;
        if (se == 0.0) {
            // Identical rankings: no evidence of a difference (or a deterministic one when diff != 0).
            z = diff == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
            p = diff == 0.0 ? 1.0 : 0.0;
        } else {
            z = diff / se;
            p = 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
        }
        return new PairedAucTest(ca.auc(), cb.auc(), diff, varDiff, diff - zLevel * se, diff + zLevel * se, z, p, level);
    }

    static double zFor(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be within (0,1), got " + level);
        }
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + level / 2);
    }

    private static double expit(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Sample covariance of two equally long vectors (divisor length - 1). */
    private static double variance(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    /** Mid-ranks (1-based; ties share the mean of their ranks). */
    static double[] midRanks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** The DeLong structural components of one rater. */
    private record Components(double auc, double[] v10, double[] v01) {
        int m() {
            return v10.length;
        }

        int n() {
            return v01.length;
        }

        static Components of(BinaryScores cases) {
            double[] x = cases.positiveScores();
            double[] y = cases.negativeScores();
            int m = x.length;
            int n = y.length;
            if (m == 0 || n == 0) {
                throw new IllegalArgumentException("an AUC needs BA and non-BA cases, got " + m + " BA and " + n + " non-BA");
            }
            double[] z = new double[m + n];
            System.arraycopy(x, 0, z, 0, m);
            System.arraycopy(y, 0, z, m, n);
            double[] rz = midRanks(z);
            double[] rx = midRanks(x);
            double[] ry = midRanks(y);
            // Rank of X_i among all minus its rank among X = how many Y it beats (ties count 1/2).
            double[] v10 = new double[m];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                v10[i] = (rz[i] - rx[i]) / n;
                sum += v10[i];
            }
            double[] v01 = new double[n];
            for (int j = 0; j < n; j++) {
                v01[j] = 1.0 - (rz[m + j] - ry[j]) / m;
            }
            return new Components(sum / m, v10, v01);
        }
    }
}
