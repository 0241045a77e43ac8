package org.gbscan.trainer.train;

import org.gbscan.trainer.eval.LevelMetrics;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@code gbscan train}.
 *
 * @param chosenEpoch    the epoch whose weights were saved
 * @param rule           how that epoch was chosen
 * @param validation     image- and patient-level figures of the chosen weights on the validation split
 * @param test           the same on the test split (internal or external); null when there is none
 * @param imagesPerSecond mean training throughput over the epochs run in this invocation
 */
public record TrainReport(Path modelDir, Path trainingLog, String architecture, int epochsRun, int firstEpoch,
                          int chosenEpoch, CheckpointSelector.Rule rule, double threshold,
                          List<LevelMetrics> validation, List<LevelMetrics> test, double imagesPerSecond,
                          double seconds, String importSummary, List<EpochResult> history) {
    public TrainReport {
        validation = List.copyOf(validation);
        test = test == null ? null : List.copyOf(test);
        history = List.copyOf(history);
    }
}
