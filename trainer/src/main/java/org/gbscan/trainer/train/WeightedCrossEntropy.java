package org.gbscan.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with per-class weights, as PyTorch's {@code CrossEntropyLoss(weight=w)} with mean
 * reduction: loss = sum_i w[y_i] * -log softmax(z_i)[y_i] / sum_i w[y_i]. The study uses w = [5, 1]: a
 * missed BA costs five times a false alarm. Labels are class indices (0 = BA, 1 = non-BA).
 */
public final class WeightedCrossEntropy extends Loss {
    private final float[] weights;
    private final float smoothing;

    public WeightedCrossEntropy(float[] weights) {
        this(weights, 0f);
    }

    /**
     * @param smoothing label smoothing: the target puts {@code 1 - smoothing} on the true class and spreads
     *                  {@code smoothing} evenly over all classes (a softer target, less over-confident logits)
     */
    public WeightedCrossEntropy(float[] weights, float smoothing) {
        super("WeightedCrossEntropy");
        if (!(smoothing >= 0 && smoothing < 0.5)) {
            throw new IllegalArgumentException("label smoothing must be within 0..<0.5, got " + smoothing);
        }
        this.smoothing = smoothing;
        for (float w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("class weights must be positive, got " + java.util.Arrays.toString(weights));
            }
        }
        this.weights = weights.clone();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(label, 1).reshape(-1);
        if (smoothing > 0) {
            picked = picked.mul(1f - smoothing).add(logProbabilities.mean(new int[] {1}).mul(smoothing));
        }
        NDArray w = logits.getManager().create(weights).gather(label.reshape(-1), 0);
        return picked.mul(w).sum().neg().div(w.sum());
    }
}
