package org.gbscan.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.model.Stem;
import org.gbscan.inference.preprocess.CropGeometry;
import org.gbscan.trainer.eval.FindingMask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The localisation term is computed in the training forward and trains by first-order gradients alone:
 * a few SGD steps on it move the BA class map's mass onto the masked cell. A tiny network (ResNet-18,
 * width 8, compact stem, 32 px: a 2x2 class map) keeps it to a second.
 */
class LocalisationLossTest {
    @Test
    void stepsOnTheTermPullTheClassMapOntoTheMaskAndUnmaskedBatchesAddNothing() {
        ModelCard card = ModelCard.forNewModel("loc", "test", Architecture.RESNET, 18, 32)
                .withDesign(InputKind.FRAME, Stem.COMPACT, 8, 32);
        CropGeometry whole = CropGeometry.wholeFrame(32, 32);
        CachedCrop crop = new CachedCrop(new byte[32 * 32], 32, 32, whole);
        Sample plain = new Sample(crop, List.of(), 0, "b", "p2");
        float[] pixels = new float[2 * 3 * 32 * 32];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(new WeightedCrossEntropy(new float[] {1, 1}))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Networks.newModel(card, Device.cpu()); Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(Networks.inputShape(card, 2));
            LocalisationLoss loss = LocalisationLoss.of(trainer, 1.0, 32);
            LocalisationLoss.Batch unmasked = loss.newBatch(2);
            unmasked.add(0, plain, whole);
            assertThat(unmasked.any()).isFalse();
            try (NDManager m = trainer.getManager().newSubManager()) {
                LocalisationLoss.Batch none = loss.newBatch(2);
                none.add(1, plain, whole);
                assertThat(loss.forward(m, m.create(pixels, new Shape(2, 3, 32, 32)), none).get(1).getFloat())
                        .as("a batch without masks adds nothing").isZero();
            }
            // the finding goes in the cell of the 2x2 map that the untrained map favours least
            Sample masked = null;
            float first = -1;
            for (int quarter = 0; quarter < 4; quarter++) {
                Sample candidate = new Sample(crop, List.of(), 0, "a", "p1", quarterHint(quarter));
                float term = term(loss, trainer, pixels, candidate, plain, whole, false);
                if (term > first) {
                    first = term;
                    masked = candidate;
                }
            }
            float last = Float.NaN;
            for (int step = 0; step < 15; step++) {
                last = term(loss, trainer, pixels, masked, plain, whole, true);
                trainer.step();
            }
            // the least-favoured cell holds under a quarter of the standardised map's mass at the start
            assertThat(first).isGreaterThan((float) Math.log(4));
            assertThat(last).as("term after 15 steps, from %.3f", first).isLessThan(first / 2);
        }
    }

    /** The term of one batch (sample masked + sample plain); with {@code backward}, its gradients are collected. */
    private static float term(LocalisationLoss loss, Trainer trainer, float[] pixels, Sample masked, Sample plain, CropGeometry whole,
                              boolean backward) {
        LocalisationLoss.Batch batch = loss.newBatch(2);
        batch.add(0, masked, whole);
        batch.add(1, plain, whole);
        try (NDManager m = trainer.getManager().newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
            NDArray x = m.create(pixels, new Shape(2, 3, 32, 32));
            NDList out = loss.forward(m, x, batch);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 2));
            if (backward) {
                collector.backward(out.get(1));
            }
            return out.get(1).getFloat();
        }
    }

    /**
     * An 8x8 finding inside one cell of the 2x2 map of a 32x32 frame: 0 top-left, 1 top-right, 2 bottom-left,
     * 3 bottom-right. Cell k is centred on pixel 16k (strided convolutions keep the even positions), so the
     * square sits at 16k - 4, clipped to the frame.
     */
    private static MaskHint quarterHint(int quarter) {
        boolean[] inside = new boolean[32 * 32];
        int x0 = Math.max(0, (quarter % 2) * 16 - 4), y0 = Math.max(0, (quarter / 2) * 16 - 4);
        for (int y = y0; y < y0 + 8; y++) {
            for (int x = x0; x < x0 + 8; x++) {
                inside[y * 32 + x] = true;
            }
        }
        return MaskHint.of(new FindingMask(32, 32, inside));
    }
}
