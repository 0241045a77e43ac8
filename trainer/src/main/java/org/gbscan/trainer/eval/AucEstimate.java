package org.gbscan.trainer.eval;

/**
 * An AUC with its DeLong variance and a two-sided confidence interval.
 *
 * @param method how the interval was formed from the DeLong standard error
 */
public record AucEstimate(double auc, double variance, double lower, double upper, double level,
                          CiMethod method, int positives, int negatives) {

    /** Interval construction: on the logit scale (stays inside 0..1, asymmetric near 1) or plain Wald, clipped. */
    public enum CiMethod { LOGIT, PLAIN }

    public double standardError() {
        return Math.sqrt(variance);
    }

    /** "0.956 (95% CI 0.928-0.977)". */
    public String formatted() {
        return String.format(java.util.Locale.ROOT, "%.3f (%d%% CI %.3f-%.3f)", auc,
                Math.round(level * 100), lower, upper);
    }
}
