package org.gbscan.trainer.eval;

import java.util.List;

/**
 * Every figure at one level (image or patient). The AUC is null when one class is missing; its
 * interval bounds are NaN with fewer than two cases of a class.
 */
public record LevelMetrics(String level, int cases, int baCases, int nonBaCases, double threshold,
                           AucEstimate auc, ConfusionMatrix confusion, Proportion sensitivity,
                           Proportion specificity, Proportion accuracy, double kappa,
                           Calibration.Result calibration, List<RocCurve.Point> roc) {

    public static LevelMetrics of(String level, BinaryScores cases, double threshold) {
        boolean bothClasses = cases.positives() > 0 && cases.negatives() > 0;
        AucEstimate auc = bothClasses ? DeLong.auc(cases) : null;
        List<RocCurve.Point> roc = bothClasses ? RocCurve.of(cases) : List.of();
        ConfusionMatrix m = ConfusionMatrix.atThreshold(cases, threshold);
        return new LevelMetrics(level, cases.size(), cases.positives(), cases.negatives(), threshold, auc, m,
                m.sensitivity(), m.specificity(), m.accuracy(), m.kappa(), Calibration.of(cases), roc);
    }
}
