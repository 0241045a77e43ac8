package org.gbscan.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.core.Label;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ResNet;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.preprocess.PreparedImage;

/**
 * One forward of a batch of prepared images, with optional Grad-CAM on the last residual stage (or, by
 * choice, the one before): the stages up to it run without gradients, their output is cut from the graph
 * ({@code stopGradient}) and marked as a gradient leaf, the head runs inside a gradient collector, and
 * one backward of the sum of each image's target logit gives every image's own gradient (images do
 * not interact in eval mode). Everything lives in a sub-manager closed at the end, so memory stays flat.
 */
public final class ForwardPass {
    /** DJL's PyTorch gradient collector is process-wide: one at a time. */
    private static final Object GRADIENT_LOCK = new Object();

    private ForwardPass() {
    }

    /**
     * @param frames   the frames the images were prepared from (same order), kept in the scores
     * @param cam      whether to compute heat maps (ignored, giving none, when the model cannot)
     */
    public static List<FrameScore> score(ScoringModel model, List<Frame> frames, List<PreparedImage> images,
                                         boolean cam, CamTarget target, CamStage stage) {
        if (frames.size() != images.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need one prepared image per frame, got " + frames.size() + " frames and " + images.size() + " images");
        }
        ModelCard card = model.card();
        int n = images.size();
        int perImage = card.channels() * card.inputSize() * card.inputSize();
        float[] batch = new float[n * perImage];
        for (int i = 0; i < n; i++) {
            PreparedImage img = images.get(i);
            if (img.channels() != card.channels() || img.size() != card.inputSize()) {
                throw new IllegalArgumentException("input of the wrong shape: " + img.channels() + "x" + img.size() + "x" + img.size()
                        + ", the model card expects " + card.channels() + "x" + card.inputSize() + "x" + card.inputSize());
            }
            System.arraycopy(img.data(), 0, batch, i * perImage, perImage);
        }
        boolean withCam = cam && model.supportsGradCam();
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            // libtorch's grad mode is per thread and on by default: without this, plain inference records a graph
            JniUtils.setGradMode(false);
            NDArray input = manager.create(FloatBuffer.wrap(batch), new Shape(n, card.channels(), card.inputSize(), card.inputSize()));
            ParameterStore store = new ParameterStore(manager, false);
            return withCam
                    ? scoreWithCam(model.network().orElseThrow(), manager, store, input, frames, images, target, stage)
                    : scorePlain(model.block(), store, input, frames);
        }
    }

    private static List<FrameScore> scorePlain(Block block, ParameterStore store, NDArray input, List<Frame> frames) {
        float[] logits = block.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
        List<FrameScore> out = new ArrayList<>(frames.size());
        int classes = logits.length / frames.size();
        for (int i = 0; i < frames.size(); i++) {
            out.add(toScore(frames.get(i), logits, i, classes, null));
        }
        return out;
    }

    private static List<FrameScore> scoreWithCam(ResNet net, NDManager manager, ParameterStore store, NDArray input,
                                                 List<Frame> frames, List<PreparedImage> images, CamTarget target,
                                                 CamStage stage) {
        int n = frames.size();
        // The feature stages (stem parts, layer1..layer4): those up to the CAM stage run without
        // gradients; the rest run, with the head, inside the collector.
        List<Block> stages = new ArrayList<>(net.features().getChildren().values());
        int split = stages.size() - stage.stagesAfter();
        NDList x = new NDList(input);
        for (int i = 0; i < split; i++) {
            x = stages.get(i).forward(store, x, false);
        }
        NDArray features = x.singletonOrThrow();
        // without stopGradient a trained model's features give all-zero gradients (see STACK.md)
        features = features.stopGradient();
        features.setRequiresGradient(true);
        float[] logits;
        int classes;
        synchronized (GRADIENT_LOCK) {
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDList y = new NDList(features);
                for (int i = split; i < stages.size(); i++) {
                    y = stages.get(i).forward(store, y, false);
                }
                NDArray out = net.head().forward(store, y, false).singletonOrThrow();
                logits = out.toFloatArray();
                classes = logits.length / n;
                float[] oneHot = new float[n * classes];
                for (int i = 0; i < n; i++) {
                    oneHot[i * classes + targetClass(logits, i, classes, target)] = 1f;
                }
                NDArray selected = out.mul(manager.create(oneHot, new Shape(n, classes))).sum();
                collector.backward(selected);
            }
            JniUtils.setGradMode(false);
        }
        NDArray gradient = features.getGradient();
        // channel weights = spatial mean of the gradient (chained single-axis means: multi-axis is unsupported)
        NDArray weights = gradient.mean(new int[] {3}, true).mean(new int[] {2}, true);
        NDArray cam = weights.mul(features.stopGradient()).sum(new int[] {1}).maximum(0f);
        Shape camShape = cam.getShape();
        int h = (int) camShape.get(1), w = (int) camShape.get(2);
        float[] maps = cam.toFloatArray();
        List<FrameScore> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] grid = normalised(maps, i * h * w, h * w);
            HeatMap heat = images.get(i).toFrameHeatMap(grid, w, h);
            result.add(toScore(frames.get(i), logits, i, classes, heat));
        }
        return result;
    }

    private static int targetClass(float[] logits, int i, int classes, CamTarget target) {
        return switch (target) {
            case BA -> Label.BA.index();
            case NON_BA -> Label.NON_BA.index();
            case PREDICTED -> argMax(logits, i * classes, classes);
        };
    }

    private static FrameScore toScore(Frame frame, float[] logits, int i, int classes, HeatMap heat) {
        int base = i * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[base + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[base + c] - max);
        }
        double ba = Math.exp(logits[base + Label.BA.index()] - max) / sum;
        return new FrameScore(frame, Math.min(1.0, Math.max(0.0, ba)), Label.ofIndex(argMax(logits, base, classes)), heat);
    }

    private static int argMax(float[] values, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Min-max to 0..1; a flat map (no positive evidence) stays all zero. */
    private static float[] normalised(float[] maps, int from, int count) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            min = Math.min(min, maps[from + k]);
            max = Math.max(max, maps[from + k]);
        }
        float[] out = new float[count];
        float range = max - min;
        if (range > 1e-12f) {
            for (int k = 0; k < count; k++) {
                out[k] = (maps[from + k] - min) / range;
            }
        }
        return out;
    }
}
