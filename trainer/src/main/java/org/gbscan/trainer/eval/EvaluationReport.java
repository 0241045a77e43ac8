package org.gbscan.trainer.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gbscan evaluate} found and where it wrote it.
 *
 * @param pointingGame where the BA images' heat-map maxima fall against the finding masks, with the prior and
 *                     random-weights baselines; null without masks
 * @param readers      model-vs-reader DeLong tests; empty without a reader file
 * @param checks       calibration before the card's temperature scaling and the quality gate's refusals; null if not run
 */
public record EvaluationReport(String model, double threshold, LevelMetrics image, LevelMetrics patient,
                               PointingGameResult pointingGame, List<ReaderStudy.Comparison> readers,
                               String importSummary, Path metricsJson, Path summary, Path rocPng, Path calibrationPng,
                               ModelChecks checks) {
    public EvaluationReport {
        readers = List.copyOf(readers);
    }

    public EvaluationReport(String model, double threshold, LevelMetrics image, LevelMetrics patient,
                            PointingGameResult pointingGame, List<ReaderStudy.Comparison> readers,
                            String importSummary, Path metricsJson, Path summary, Path rocPng, Path calibrationPng) {
        this(model, threshold, image, patient, pointingGame, readers, importSummary, metricsJson, summary, rocPng, calibrationPng, null);
    }

    /**
     * What evaluation adds about the model beyond its scores.
     *
     * @param thresholdSource    "model card" or "--threshold"
     * @param imageEceBefore     expected calibration error of the image scores without the card's temperature and bias
     * @param patientEceBefore   the same for patients
     * @param gateImages         images the quality gate looked at (every frame of each)
     * @param gateRefusedImages  images whose every frame the gate refused
     * @param refusalsByReason   refused images per reason code
     */
    public record ModelChecks(String thresholdSource, double imageEceBefore, double patientEceBefore, int gateImages,
                              int gateRefusedImages, java.util.Map<String, Integer> refusalsByReason) {
        public ModelChecks {
            refusalsByReason = java.util.Map.copyOf(refusalsByReason);
        }
    }
}
