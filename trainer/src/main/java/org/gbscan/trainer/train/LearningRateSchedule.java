package org.gbscan.trainer.train;

import ai.djl.training.tracker.Tracker;

/**
 * Step decay by epoch: lr = base * factor^floor(epoch / every), epoch counted from 0. DJL asks a tracker
 * by update count, so the schedule converts with the number of batches per epoch. The study: base 0.01,
 * factor 0.1 every 35 of 100 epochs.
 */
public record LearningRateSchedule(float base, float factor, int everyEpochs) {
    public LearningRateSchedule {
        if (!(base > 0) || !(factor > 0 && factor <= 1) || everyEpochs <= 0) {
            throw new IllegalArgumentException("learning rate must be > 0, decay factor in (0,1], step >= 1 epoch");
        }
    }

    /** The rate during a 1-based epoch. */
    public float at(int epoch) {
        return (float) (base * Math.pow(factor, (epoch - 1) / everyEpochs));
    }

    /** A DJL tracker for this schedule; {@code firstEpoch} lets a resumed run start at the right rate. */
    public Tracker tracker(int batchesPerEpoch, int firstEpoch) {
        // DJL counts updates from 1.
        return numUpdate -> at(firstEpoch + Math.max(0, numUpdate - 1) / Math.max(1, batchesPerEpoch));
    }
}
