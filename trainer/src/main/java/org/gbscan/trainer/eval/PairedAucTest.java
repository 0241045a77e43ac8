package org.gbscan.trainer.eval;

/**
 * DeLong's test of two correlated AUCs measured on the same cases (DeLong, DeLong and
 * Clarke-Pearson 1988): difference A - B, its Wald interval and the two-sided p-value.
 */
public record PairedAucTest(double aucA, double aucB, double difference, double variance,
                            double lower, double upper, double z, double pValue, double level) {

    public String formatted() {
        return String.format(java.util.Locale.ROOT, "%.3f vs %.3f: difference %+.3f (%d%% CI %.3f to %.3f), p = %.4f",
                aucA, aucB, difference, Math.round(level * 100), lower, upper, pValue);
    }
}
