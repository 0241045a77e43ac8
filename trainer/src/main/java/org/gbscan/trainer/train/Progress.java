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
}
