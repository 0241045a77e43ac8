package org.gbscan.trainer.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The terminal progress bars of a training run (images/s, and the running loss as extra message). */
final class Progress {
    private Progress() {
    }

    static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, 1)
                .showSpeed(new java.text.DecimalFormat("0.0"))
                .setUpdateIntervalMillis(500)
                .build();
    }

    /**
     * One training epoch with a bar named {@code task} (none when {@code show} is false): the bar counts images
     * and shows the running loss.
     */
    static EpochRunner.Pass epoch(EpochRunner runner, String task, boolean show, java.util.List<Sample> samples,
                                  org.gbscan.inference.preprocess.Augmentation augmentation, double variantProbability,
                                  java.util.Random random) {
        try (ProgressBar bar = show ? bar(task, samples.size(), " img") : null) {
            return runner.train(samples, augmentation, variantProbability, random, (n, meanLoss) -> {
                if (bar != null) {
                    bar.stepBy(n);
                    bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.4f", meanLoss));
                }
            });
        }
    }
}
