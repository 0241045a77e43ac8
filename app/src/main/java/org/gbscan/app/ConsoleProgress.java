package org.gbscan.app;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for long jobs (phantom generation, demo waits), on stderr so stdout stays parseable. */
final class ConsoleProgress implements AutoCloseable {
    private final ProgressBar bar;

    ConsoleProgress(String task, long total, String unit) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .showSpeed().build();
    }

    void max(long total) {
        bar.maxHint(total);
    }

    void stepTo(long done) {
        bar.stepTo(done);
    }

    void extra(String message) {
        bar.setExtraMessage(message);
    }

    @Override
    public void close() {
        bar.close();
    }
}
