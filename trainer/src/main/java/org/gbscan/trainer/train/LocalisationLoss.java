package org.gbscan.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import org.gbscan.core.Label;
import org.gbscan.inference.model.ResNet;
import org.gbscan.inference.preprocess.CropGeometry;

/**
 * A localisation term on the class activation map (Zhou et al. 2016), GAIN-style but first order: the
 * network's last-stage features (N x C x h x w) weighted by the head's BA-class row give the BA map in
 * the same forward as the logits, with no gradient of a gradient (DJL's collector has none). For each
 * BA sample that carries a mask, the term is -log(share of the softmax-over-cells of that map, standardised
 * per sample, falling on the mask's cells); the mean over those samples, times the weight, is added to the cross-entropy.
 * With global-average pooling and a linear head, layer-4 Grad-CAM is this map (ReLU'd and scaled),
 * so the term trains what the radiologist is shown. Non-BA samples and samples without a mask add nothing.
 */
final class LocalisationLoss {
    /** Keeps log() finite when the mask's cells hold no mass at all. */
    private static final float EPSILON = 1e-6f;
    /**
     * Scale of the standardised map inside the softmax. A single cell of 16 can stand at most sqrt(15)
     * = 3.9 standard deviations above the rest; times 3 that gives it nearly all the mass, so the term can
     * reach zero for a one-cell finding without rewarding ever-larger activations.
     */
    private static final float SHARPNESS = 3f;

    private final ResNet network;
    private final Parameter headWeight;
    private final float weight;
    private final int inputSize;

    private LocalisationLoss(ResNet network, Parameter headWeight, float weight, int inputSize) {
        this.network = network;
        this.headWeight = headWeight;
        this.weight = weight;
        this.inputSize = inputSize;
    }

    /** For a trainer whose block is a {@link ResNet} (global-average pool + linear head). */
    static LocalisationLoss of(Trainer trainer, double weight, int inputSize) {
        if (!(trainer.getModel().getBlock() instanceof ResNet net)) {
            throw new IllegalArgumentException("the localisation loss needs a network built by Networks.build");
        }
        Parameter linear = null;
        for (Pair<String, Parameter> p : net.head().getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                linear = p.getValue();
            }
        }
        if (linear == null) {
            throw new IllegalArgumentException("the network's head has no linear weight");
        }
        return new LocalisationLoss(net, linear, (float) weight, inputSize);
    }

    /** The masks of one batch, collected while it is assembled. */
    static final class Batch {
        private final MaskHint[] hints;
        private final CropGeometry[] crops;
        private int count;

        Batch(int size) {
            hints = new MaskHint[size];
            crops = new CropGeometry[size];
        }

        /** Sample i of the batch, as augmented; only BA samples with a mask take part. */
        void add(int i, Sample sample, CropGeometry augmentedCrop) {
            if (sample.hint() != null && sample.label() == Label.BA.index()) {
                hints[i] = sample.hint();
                crops[i] = augmentedCrop;
                count++;
            }
        }

        boolean any() {
            return count > 0;
        }
    }

    Batch newBatch(int size) {
        return new Batch(size);
    }

    /**
     * The training forward of {@code x} through the features and the head, returning the logits and the
     * weighted localisation term. Parameters are read through a plain (non-copying) parameter store, so
     * gradients land on the same arrays the trainer's optimizer updates.
     */
    NDList forward(NDManager manager, NDArray x, Batch batch) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray features = network.features().forward(store, new NDList(x), true).singletonOrThrow();
        NDArray logits = network.head().forward(store, new NDList(features), true).singletonOrThrow();
        Shape s = features.getShape();
        int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        NDArray classWeights = store.getValue(headWeight, features.getDevice(), true);
        NDArray baRow = classWeights.get(Label.BA.index()).reshape(1, c, 1, 1);
        NDArray cam = features.mul(baRow).sum(new int[] {1}).reshape(n, (long) h * w);
        float[] targets = new float[n * h * w];
        float[] selected = new float[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (batch.hints[i] == null) {
                continue;
            }
            float[] t = batch.hints[i].cellTargets(batch.crops[i], inputSize, w, h);
            if (isZero(t)) {
                continue;
            }
            System.arraycopy(t, 0, targets, i * h * w, h * w);
            selected[i] = 1f;
            used++;
        }
        if (used == 0) {
            return new NDList(logits, manager.zeros(new Shape()));
        }
        // standardised per sample before the softmax: the term judges where the map is high, not how high,
        // so it cannot be met by inflating the map's range (which moved the logits and stalled the classifier)
        NDArray centred = cam.sub(cam.mean(new int[] {1}, true));
        NDArray spread = centred.pow(2).mean(new int[] {1}, true).add(EPSILON).sqrt();
        NDArray shape = centred.div(spread).mul(SHARPNESS);
        NDArray mass = shape.softmax(1).mul(manager.create(targets, new Shape(n, (long) h * w))).sum(new int[] {1});
        NDArray perSample = mass.add(EPSILON).log().neg();
        NDArray term = perSample.mul(manager.create(selected)).sum().div(used).mul(weight);
        return new NDList(logits, term);
    }

    private static boolean isZero(float[] t) {
        for (float v : t) {
            if (v > 0) {
                return false;
            }
        }
        return true;
    }
}
