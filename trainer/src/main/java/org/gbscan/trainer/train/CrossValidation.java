package org.gbscan.trainer.train;

import org.apache.commons.math3.distribution.TDistribution;
import org.gbscan.trainer.eval.BinaryScores;
import org.gbscan.trainer.eval.Calibration;
import org.gbscan.trainer.eval.LevelMetrics;
import org.gbscan.trainer.eval.OperatingPoint;
import org.gbscan.trainer.eval.PatientScores;
import org.gbscan.trainer.eval.ScoredImage;
import org.gbscan.trainer.eval.TemperatureScaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the out-of-fold predictions say: temperature scaling fitted on all of them, the card's threshold
 * for the target sensitivity, each fold's patient-level figures at that threshold, and the mean AUC over
 * folds with a t-interval. The calibration's effect is measured cross-fitted (fold j scaled by a fit on
 * the other folds), so "after" is what a new patient would see. Test-time flip is measured both ways on
 * the same members: the figures are those of the design's mode, {@code otherMode} those of the other.
 */
record CrossValidation(TemperatureScaling calibration, double threshold, List<LevelMetrics> folds, LevelMetrics pooled,
                       LevelMetrics pooledImages, double meanAuc, double meanAucLower, double meanAucUpper,
                       double eceBefore, double eceAfter, LevelMetrics pooledPhotos, boolean testTimeFlip,
                       CrossValidation otherMode) {

    static CrossValidation of(List<EnsembleTraining.FoldResult> results, double targetSensitivity, boolean testTimeFlip) {
        CrossValidation other = of(results, targetSensitivity, !testTimeFlip, null);
        return of(results, targetSensitivity, testTimeFlip, other);
    }

    private static CrossValidation of(List<EnsembleTraining.FoldResult> results, double targetSensitivity, boolean flip,
                                      CrossValidation other) {
        TemperatureScaling all = fit(results, -1, flip);
        List<ScoredImage> pooledRaw = new ArrayList<>();
        List<ScoredImage> pooledCross = new ArrayList<>();
        List<ScoredImage> pooledCalibrated = new ArrayList<>();
        List<List<ScoredImage>> perFold = new ArrayList<>();
        for (EnsembleTraining.FoldResult r : results) {
            TemperatureScaling others = results.size() > 1 ? fit(results, r.fold(), flip) : all;
            pooledRaw.addAll(images(r, TemperatureScaling.IDENTITY, flip));
            pooledCross.addAll(images(r, others, flip));
            List<ScoredImage> calibrated = images(r, all, flip);
            pooledCalibrated.addAll(calibrated);
            perFold.add(calibrated);
        }
        BinaryScores patients = PatientScores.patientScores(PatientScores.aggregate(pooledCalibrated));
        double threshold = OperatingPoint.forSensitivity(patients, targetSensitivity);
        List<LevelMetrics> folds = new ArrayList<>();
        for (int i = 0; i < perFold.size(); i++) {
            folds.add(LevelMetrics.of("fold " + (i + 1),
                    PatientScores.patientScores(PatientScores.aggregate(perFold.get(i))), threshold));
        }
        double[] aucs = folds.stream().filter(m -> m.auc() != null).mapToDouble(m -> m.auc().auc()).toArray();
        double mean = java.util.Arrays.stream(aucs).average().orElse(Double.NaN);
        double half = Double.NaN;
        if (aucs.length > 1) {
            double var = java.util.Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / (aucs.length - 1);
            half = new TDistribution(aucs.length - 1).inverseCumulativeProbability(0.975) * Math.sqrt(var / aucs.length);
        }
        LevelMetrics photos = photos(results, all, threshold);
        double eceBefore = Calibration.of(PatientScores.imageScores(pooledRaw)).expectedCalibrationError();
        double eceAfter = Calibration.of(PatientScores.imageScores(pooledCross)).expectedCalibrationError();
        return new CrossValidation(all, threshold, folds, LevelMetrics.of("out-of-fold patient", patients, threshold),
                LevelMetrics.of("out-of-fold image", PatientScores.imageScores(pooledCalibrated), threshold),
                mean, mean - half, mean + half, eceBefore, eceAfter, photos, flip, other);
    }

    /** Out-of-fold patients scored on simulated phone photos of their images, or null without photo simulation. */
    private static LevelMetrics photos(List<EnsembleTraining.FoldResult> results, TemperatureScaling scaling, double threshold) {
        List<ScoredImage> images = new ArrayList<>();
        for (EnsembleTraining.FoldResult r : results) {
            if (r.heldPhotos().isEmpty()) {
                return null;
            }
            double[] p = new double[r.heldPhotos().size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = scaling.probability(r.photoLogitDifference()[i]);
            }
            images.addAll(EnsembleTraining.images(r.heldPhotos(), p));
        }
        return LevelMetrics.of("out-of-fold photo patient", PatientScores.patientScores(PatientScores.aggregate(images)), threshold);
    }

    /** Fit on every fold but {@code leaveOut} (-1: all). */
    private static TemperatureScaling fit(List<EnsembleTraining.FoldResult> results, int leaveOut, boolean flip) {
        List<Double> z = new ArrayList<>();
        List<Boolean> ba = new ArrayList<>();
        for (EnsembleTraining.FoldResult r : results) {
            if (r.fold() == leaveOut) {
                continue;
            }
            double[] scores = r.scores(flip);
            for (int i = 0; i < r.held().size(); i++) {
                z.add(scores[i]);
                ba.add(r.held().get(i).ba());
            }
        }
        double[] zs = z.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] bs = new boolean[ba.size()];
        for (int i = 0; i < bs.length; i++) {
            bs[i] = ba.get(i);
        }
        return TemperatureScaling.fit(zs, bs);
    }

    private static List<ScoredImage> images(EnsembleTraining.FoldResult r, TemperatureScaling scaling, boolean flip) {
        double[] scores = r.scores(flip);
        double[] p = new double[r.held().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = scaling.probability(scores[i]);
        }
        return EnsembleTraining.images(r.held(), p);
    }

    /** For the model card. */
    Map<String, Object> toCard(double targetSensitivity) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            Map<String, Object> row = figures(folds.get(i));
            row.put("fold", i + 1);
            rows.add(row);
        }
        m.put("folds", rows);
        m.put("meanPatientAuc", meanAuc);
        m.put("meanPatientAucLower", finite(meanAucLower));
        m.put("meanPatientAucUpper", finite(meanAucUpper));
        m.put("pooledPatient", figures(pooled));
        m.put("pooledImage", figures(pooledImages));
        if (pooledPhotos != null) {
            m.put("pooledSimulatedPhotoPatient", figures(pooledPhotos));
        }
        Map<String, Object> cal = new LinkedHashMap<>();
        cal.put("temperature", calibration.temperature());
        cal.put("bias", calibration.bias());
        cal.put("imageEceBefore", eceBefore);
        cal.put("imageEceAfterCrossFitted", eceAfter);
        m.put("calibration", cal);
        m.put("operatingPoint", Map.of("targetSensitivity", targetSensitivity, "threshold", threshold,
                "rule", "highest threshold whose out-of-fold patient sensitivity reaches the target"));
        m.put("testTimeFlip", testTimeFlip);
        if (otherMode != null) {
            Map<String, Object> other = new LinkedHashMap<>();
            other.put("testTimeFlip", otherMode.testTimeFlip);
            other.put("meanPatientAuc", otherMode.meanAuc);
            other.put("pooledPatient", figures(otherMode.pooled));
            m.put("otherFlipMode", other);
        }
        return m;
    }

    private static Map<String, Object> figures(LevelMetrics m) {
        return ModelCardContent.figures(m);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The table for the console and docs (markdown). */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append("| fold | patients (BA) | patient AUC (95% CI, DeLong) | sensitivity | specificity |\n");
        b.append("|---|---|---|---|---|\n");
        for (int i = 0; i < folds.size(); i++) {
            b.append(row(String.valueOf(i + 1), folds.get(i)));
        }
        b.append(String.format(Locale.ROOT, "| mean of folds | | %.3f (%.3f-%.3f, t) | | |%n", meanAuc, meanAucLower, meanAucUpper));
        b.append(row("pooled out-of-fold", pooled));
        if (pooledPhotos != null) {
            b.append(row("pooled out-of-fold, simulated phone photos", pooledPhotos));
        }
        b.append(String.format(Locale.ROOT, "%nThreshold %.3f (out-of-fold patient sensitivity target); temperature %.3f, bias %.3f;"
                + " image ECE %.3f before, %.3f after (cross-fitted)%n", threshold, calibration.temperature(), calibration.bias(),
                eceBefore, eceAfter));
        if (otherMode != null) {
            String pooledOther = otherMode.pooled.auc() == null ? "n/a" : otherMode.pooled.auc().formatted();
            b.append(String.format(Locale.ROOT, "Test-time flip %s. The same members with it %s: mean fold patient AUC %.3f,"
                            + " pooled %s.%n", testTimeFlip ? "on" : "off", otherMode.testTimeFlip ? "on" : "off",
                    otherMode.meanAuc, pooledOther));
        }
        return b.toString();
    }

    private static String row(String name, LevelMetrics m) {
        String auc = m.auc() == null ? "n/a" : m.auc().formatted();
        return String.format(Locale.ROOT, "| %s | %d (%d) | %s | %s | %s |%n", name, m.cases(), m.baCases(), auc,
                m.sensitivity().formatted(), m.specificity().formatted());
    }
}
