package org.gbscan.trainer.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointSelectorTest {

    private static EpochResult epoch(int n, double auc, double sens, double spec) {
        return new EpochResult(n, 0.01, 0.5, 10, 0.5, auc, sens, spec, 1);
    }

    @Test
    void choosesTheBestSensitivityAmongEpochsThatReachTheSpecificityFloorAfterWarmup() {
        CheckpointSelector s = new CheckpointSelector(2, 0.85);
        s.offer(epoch(1, 0.99, 1.00, 0.99), 6);   // warm-up: ignored however good
        s.offer(epoch(2, 0.99, 1.00, 0.99), 6);   // still warm-up
        s.offer(epoch(3, 0.90, 0.80, 0.90), 6);   // qualifies
        s.offer(epoch(4, 0.95, 0.95, 0.80), 6);   // better sensitivity but specificity below the floor
        s.offer(epoch(5, 0.91, 0.88, 0.86), 6);   // qualifies, better sensitivity -> chosen
        s.offer(epoch(6, 0.97, 0.88, 0.85), 6);   // same sensitivity, higher AUC -> chosen
        assertThat(s.chosen().epoch()).isEqualTo(6);
        assertThat(s.chosenRule()).isEqualTo(CheckpointSelector.Rule.SENSITIVITY_AT_SPECIFICITY_FLOOR);
    }

    @Test
    void fallsBackToTheBestValidationAucWhenNoEpochReachesTheFloor() {
        CheckpointSelector s = new CheckpointSelector(1, 0.85);
        s.offer(epoch(1, 0.99, 1.0, 0.5), 4);
        s.offer(epoch(2, 0.80, 1.0, 0.5), 4);
        s.offer(epoch(3, 0.93, 1.0, 0.6), 4);
        s.offer(epoch(4, 0.90, 1.0, 0.7), 4);
        assertThat(s.chosen().epoch()).isEqualTo(3);
        assertThat(s.chosenRule()).isEqualTo(CheckpointSelector.Rule.BEST_AUC_FALLBACK);
    }

    @Test
    void aRunShorterThanTheWarmupConsidersEveryEpoch() {
        CheckpointSelector s = new CheckpointSelector(30, 0.85);
        s.offer(epoch(1, 0.7, 0.9, 0.9), 2);
        s.offer(epoch(2, 0.8, 0.8, 0.9), 2);
        assertThat(s.chosen().epoch()).isEqualTo(1);
    }

    @Test
    void replayingTheLogRestoresTheChoice() {
        List<EpochResult> history = List.of(epoch(1, 0.8, 0.8, 0.9), epoch(2, 0.85, 0.9, 0.9), epoch(3, 0.9, 0.85, 0.9));
        CheckpointSelector s = new CheckpointSelector(0, 0.85);
        s.replay(history, 5);
        assertThat(s.chosen().epoch()).isEqualTo(2);
        assertThat(s.offer(epoch(4, 0.95, 0.95, 0.9), 5)).isEqualTo(CheckpointSelector.Verdict.BOTH);
    }

    @Test
    void learningRateDropsTenfoldEveryStepOfEpochs() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.01f, 0.1f, 35);
        // the study: epochs 1-35 at 0.01, 36-70 at 0.001, 71-100 at 0.0001
        assertThat(schedule.at(1)).isEqualTo(0.01f);
        assertThat(schedule.at(35)).isEqualTo(0.01f);
        assertThat((double) schedule.at(36)).isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-9));
        assertThat((double) schedule.at(71)).isCloseTo(0.0001, org.assertj.core.api.Assertions.within(1e-10));
        // DJL counts updates from 1: with 10 batches per epoch, updates 1..10 are epoch 1, 351 is epoch 36
        var tracker = schedule.tracker(10, 1);
        assertThat(tracker.getNewValue(350)).isEqualTo(0.01f);
        assertThat((double) tracker.getNewValue(351)).isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-9));
        // a run resumed at epoch 36 starts at the decayed rate
        assertThat((double) schedule.tracker(10, 36).getNewValue(1)).isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-9));
    }
}
