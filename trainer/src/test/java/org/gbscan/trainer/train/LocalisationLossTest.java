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
        // finding in the frame's top-left quarter -> cell (0,0) of the 2x2 map
        boolean[] inside = new boolean[32 * 32];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                inside[y * 32 + x] = true;
            }
        }
        MaskHint hint = MaskHint.of(new FindingMask(32, 32, inside));
        CropGeometry whole = CropGeometry.wholeFrame(32, 32);
        CachedCrop crop = new CachedCrop(new byte[32 * 32], 32, 32, whole);
        Sample masked = new Sample(crop, List.of(), 0, "a", "p1", hint);
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
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < 15; step++) {
                LocalisationLoss.Batch batch = loss.newBatch(2);
                batch.add(0, masked, whole);
                batch.add(1, plain, whole);
                try (NDManager m = trainer.getManager().newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray x = m.create(pixels, new Shape(2, 3, 32, 32));
                    NDList out = loss.forward(m, x, batch);
                    assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 2));
                    collector.backward(out.get(1));
                    last = out.get(1).getFloat();
                    first = step == 0 ? last : first;
                }
                trainer.step();
            }
            // a uniform 2x2 map puts 1/4 of its mass on the cell: -log(1/4) = 1.39 at the start
            assertThat(first).isGreaterThan(0.5f);
            assertThat(last).as("term after 15 steps, from %.3f", first).isLessThan(first / 2);
        }
    }
}
