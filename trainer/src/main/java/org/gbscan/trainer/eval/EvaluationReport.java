package org.gbscan.trainer.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gbscan evaluate} found and where it wrote it.
 *
 * @param pointingGame where the BA images' heat-map maxima fall against the finding masks, with the prior and
 *                     random-weights baselines; null without masks
 * @param readers      model-vs-reader DeLong tests; empty without a reader file
 */
public record EvaluationReport(String model, double threshold, LevelMetrics image, LevelMetrics patient,
                               PointingGameResult pointingGame, List<ReaderStudy.Comparison> readers,
                               String importSummary, Path metricsJson, Path summary, Path rocPng, Path calibrationPng) {
    public EvaluationReport {
        readers = List.copyOf(readers);
    }
}
