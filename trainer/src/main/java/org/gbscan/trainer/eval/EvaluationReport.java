package org.gbscan.trainer.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gbscan evaluate} found and where it wrote it.
 *
 * @param pointingGame hits of the heat-map maximum inside the finding masks on BA images; null without masks
 * @param readers      model-vs-reader DeLong tests; empty without a reader file
 */
public record EvaluationReport(String model, double threshold, LevelMetrics image, LevelMetrics patient,
                               Proportion pointingGame, List<ReaderStudy.Comparison> readers,
                               String importSummary, Path metricsJson, Path summary, Path rocPng, Path calibrationPng) {
    public EvaluationReport {
        readers = List.copyOf(readers);
    }
}
