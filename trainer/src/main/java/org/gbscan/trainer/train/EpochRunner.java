package org.gbscan.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.gbscan.inference.preprocess.Augmentation;
import org.gbscan.inference.preprocess.CroppedImage;
import org.gbscan.inference.preprocess.Preprocessor;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Runs the engine for one epoch of training or one pass of prediction. Every batch lives in its own
 * sub-manager that is closed after the step: otherwise each intermediate stays attached to the
 * trainer's manager and memory grows without bound. Augmentation and normalisation are inference's
 * own {@link Preprocessor} and {@link Augmentation}, so training sees what serving sees.
 */
final class EpochRunner {
    private final Trainer trainer;
    private final Loss loss;
    private final Preprocessor preprocessor;
    private final int batchSize;
    private LocalisationLoss localisation;

    EpochRunner(Trainer trainer, Loss loss, Preprocessor preprocessor, int batchSize) {
        this.trainer = trainer;
        this.loss = loss;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
    }

    /** Adds the class-map localisation term on batches that hold masked BA samples (null: none). */
    EpochRunner withLocalisation(LocalisationLoss loss) {
        this.localisation = loss;
        return this;
    }

    /** Loss summed over samples and the samples seen. */
    record Pass(double lossSum, int samples, double seconds) {
        double meanLoss() {
            return samples == 0 ? Double.NaN : lossSum / samples;
        }

        double imagesPerSecond() {
            return seconds <= 0 ? Double.NaN : samples / seconds;
        }
    }

    /** Called after each batch with the batch size and the running mean loss. */
    interface BatchListener {
        void done(int images, double meanLoss);
    }

    /**
     * One shuffled pass with augmentation; a sample is replaced by one of its variants with probability
     * {@code variantProbability}. A last batch of one sample is dropped: BatchNorm cannot train on one image.
     */
    Pass train(List<Sample> samples, Augmentation augmentation, double variantProbability, Random random,
               BatchListener listener) {
        List<Sample> order = new ArrayList<>(samples);
        Collections.shuffle(order, random);
        long start = System.nanoTime();
        double lossSum = 0;
        int seen = 0;
        int per = preprocessor.channels() * preprocessor.size() * preprocessor.size();
        for (int from = 0; from < order.size(); from += batchSize) {
            int n = Math.min(batchSize, order.size() - from);
            if (n < 2) {
                break;
            }
            float[] input = new float[n * per];
            long[] labels = new long[n];
            LocalisationLoss.Batch hints = localisation == null ? null : localisation.newBatch(n);
            for (int i = 0; i < n; i++) {
                Sample s = order.get(from + i);
                CachedCrop source = s.variants().isEmpty() || random.nextDouble() >= variantProbability
                        ? s.crop() : s.variants().get(random.nextInt(s.variants().size()));
                CroppedImage augmented = augmentation.apply(source.toCroppedImage(), random);
                float[] data = preprocessor.finish(augmented).data();
                if (hints != null && source == s.crop()) {
                    // a mask is drawn on the frame, not on its simulated photos
                    hints.add(i, s, augmented.geometry());
                }
                System.arraycopy(data, 0, input, i * per, per);
                labels[i] = s.label();
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = batch.create(FloatBuffer.wrap(input), shape(n));
                NDArray y = batch.create(labels);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = hints != null && hints.any() ? localisation.forward(batch, x, hints) : trainer.forward(new NDList(x));
                    NDArray l = loss.evaluate(new NDList(y), new NDList(out.get(0)));
                    if (out.size() > 1) {
                        l = l.add(out.get(1));
                    }
                    collector.backward(l);
                    lossSum += l.getFloat() * n;
                }
                trainer.step();
            }
            seen += n;
            listener.done(n, lossSum / seen);
        }
        return new Pass(lossSum, seen, (System.nanoTime() - start) / 1e9);
    }

    /**
     * BA probabilities (softmax of class 0), the logit differences behind them (BA minus non-BA, what
     * temperature scaling works on) and the mean loss, without augmentation (the serving path).
     */
    record Prediction(double[] baProbability, double[] logitDifference, double meanLoss) {
    }

    Prediction predict(List<Sample> samples) {
        return predict(samples, false);
    }

    /** With {@code mirrored}, every sample is predicted mirrored left-right (test-time flip's second half). */
    Prediction predict(List<Sample> samples, boolean mirrored) {
        double[] out = new double[samples.size()];
        double[] diff = new double[samples.size()];
        double lossSum = 0;
        int per = preprocessor.channels() * preprocessor.size() * preprocessor.size();
        for (int from = 0; from < samples.size(); from += batchSize) {
            int n = Math.min(batchSize, samples.size() - from);
            float[] input = new float[n * per];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                Sample s = samples.get(from + i);
                org.gbscan.inference.preprocess.CroppedImage image = s.crop().toCroppedImage();
                System.arraycopy(preprocessor.finish(mirrored ? image.flippedHorizontally() : image).data(), 0, input, i * per, per);
                y[i] = s.label();
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = batch.create(FloatBuffer.wrap(input), shape(n));
                NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
                lossSum += loss.evaluate(new NDList(batch.create(y)), new NDList(logits)).getFloat() * n;
                float[] p = logits.softmax(1).get(":, 0").toFloatArray();
                float[] l = logits.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[from + i] = Math.min(1.0, Math.max(0.0, p[i]));
                    diff[from + i] = l[2 * i] - l[2 * i + 1];
                }
            }
        }
        return new Prediction(out, diff, samples.isEmpty() ? Double.NaN : lossSum / samples.size());
    }

    private Shape shape(int n) {
        return new Shape(n, preprocessor.channels(), preprocessor.size(), preprocessor.size());
    }
}
