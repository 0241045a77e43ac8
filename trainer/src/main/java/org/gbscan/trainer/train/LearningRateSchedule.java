package org.gbscan.trainer.train;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate over training, by (fractional) epoch. STEP: lr = base * factor^floor((epoch-1) / every),
 * the study's (base 0.01, x0.1 every 35 of 100 epochs). COSINE: from base down to zero over
 * {@code totalEpochs}, updated every batch. DJL asks a tracker by update count, so the schedule converts
 * with the number of batches per epoch.
 */
public record LearningRateSchedule(float base, float factor, int everyEpochs, TrainOptions.Schedule kind, int totalEpochs) {
    public LearningRateSchedule {
        if (!(base > 0) || !(factor > 0 && factor <= 1) || everyEpochs <= 0 || totalEpochs <= 0) {
            throw new IllegalArgumentException("learning rate must be > 0, decay factor in (0,1], step and epochs >= 1");
        }
    }

    /** The study's step schedule. */
    public LearningRateSchedule(float base, float factor, int everyEpochs) {
        this(base, factor, everyEpochs, TrainOptions.Schedule.STEP, Integer.MAX_VALUE);
    }

    /** The rate at the start of a 1-based epoch. */
    public float at(int epoch) {
        return at(epoch, 0.0);
    }

    /** The rate {@code progress} (0..1) of the way through a 1-based epoch. */
    public float at(int epoch, double progress) {
        if (kind == TrainOptions.Schedule.COSINE) {
            double t = Math.min(1.0, (epoch - 1 + progress) / totalEpochs);
            return (float) (base * 0.5 * (1 + Math.cos(Math.PI * t)));
        }
        return (float) (base * Math.pow(factor, (epoch - 1) / everyEpochs));
    }

    /** A DJL tracker for this schedule; {@code firstEpoch} lets a resumed run start at the right rate. */
    public Tracker tracker(int batchesPerEpoch, int firstEpoch) {
        int per = Math.max(1, batchesPerEpoch);
        // DJL counts updates from 1.
        return numUpdate -> {
            int done = Math.max(0, numUpdate - 1);
            return at(firstEpoch + done / per, (done % per) / (double) per);
        };
    }
}
