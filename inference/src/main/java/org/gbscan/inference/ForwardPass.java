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
import org.gbscan.core.Refusal;
import org.gbscan.inference.model.FeatureGate;
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
     * @param gate     whether the model's feature gate may refuse a frame
     */
    public static List<FrameScore> score(ScoringModel model, List<Frame> frames, List<PreparedImage> images,
                                         boolean cam, CamTarget target, CamStage stage, boolean gate) {
        if (frames.size() != images.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need one prepared image per frame, got " + frames.size() + " frames and " + images.size() + " images");
        }
        ModelCard card = model.card();
        return combine(card, frames, images, outputs(model, images, cam && model.supportsGradCam(), target, stage), gate);
    }

    /**
     * What evaluation needs of each image from one forward: the calibrated and the uncalibrated BA
     * probability, and the feature gate's ratio (refused above 1; NaN when the model has no gate). The
     * serving path gives only the first; evaluation scored every frame three times to get all three.
     */
    public record Evaluation(double probability, double uncalibratedProbability, double gateRatio) {
    }

    /** One {@link Evaluation} per prepared image, in order, from one forward of each member (no heat maps). */
    public static List<Evaluation> evaluate(ScoringModel model, List<PreparedImage> images) {
        ModelCard card = model.card();
        ModelCard raw = card.withTemperature(1.0).withLogitBias(0.0);
        List<MemberOutput> outputs = outputs(model, images, false, CamTarget.BA, CamStage.LAYER4);
        List<Evaluation> result = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            double p = 0, u = 0, ratio = 0;
            int gated = 0;
            for (MemberOutput o : outputs) {
                int base = i * o.classes();
                float ba = o.logits()[base + Label.BA.index()], nonBa = o.logits()[base + Label.NON_BA.index()];
                p += card.baProbability(ba, nonBa);
                u += raw.baProbability(ba, nonBa);
                if (o.gateRatio() != null) {
                    ratio += o.gateRatio()[i];
                    gated++;
                }
            }
            result.add(new Evaluation(clamp01(p / outputs.size()), clamp01(u / outputs.size()), gated > 0 ? ratio / gated : Double.NaN));
        }
        return result;
    }

    /** The feature gate's refusal at a distance ratio above 1. */
    static Refusal outOfDistribution(double ratio) {
        return new Refusal(Refusal.Reason.OUT_OF_DISTRIBUTION,
                String.format(java.util.Locale.ROOT, "feature distance %.2f x the in-distribution limit", ratio));
    }

    private static double clamp01(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }

    /** Each member's output for the batch (test-time mirrors folded back in). */
    private static List<MemberOutput> outputs(ScoringModel model, List<PreparedImage> images, boolean withCam, CamTarget target,
                                              CamStage stage) {
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
        boolean flip = card.testTimeFlip();
        float[] input = flip ? withMirrors(batch, n, card.channels(), card.inputSize()) : batch;
        List<ScoringModel> members = model.isEnsemble() ? model.members() : List.of(model);
        List<MemberOutput> outputs = new ArrayList<>(members.size());
        for (ScoringModel member : members) {
            MemberOutput out = run(member, input, flip ? 2 * n : n, withCam, target, stage);
            outputs.add(flip ? foldMirrors(out, n) : out);
        }
        return outputs;
    }

    /**
     * The pooled last-stage features (n x channels, row-major) of one network built in code, in inference
     * mode: what its {@link FeatureGate} measures distances on. The trainer fits gates with it.
     */
    public static float[] pooledFeatures(ScoringModel model, List<PreparedImage> images) {
        ModelCard card = model.card();
        ResNet net = model.network().orElseThrow(() -> new IllegalArgumentException("features need a network built in code"));
        int n = images.size();
        int perImage = card.channels() * card.inputSize() * card.inputSize();
        float[] batch = new float[n * perImage];
        for (int i = 0; i < n; i++) {
            System.arraycopy(images.get(i).data(), 0, batch, i * perImage, perImage);
        }
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            JniUtils.setGradMode(false);
            NDArray input = manager.create(FloatBuffer.wrap(batch), new Shape(n, card.channels(), card.inputSize(), card.inputSize()));
            ParameterStore store = new ParameterStore(manager, false);
            return head(net, store, net.features().forward(store, new NDList(input), false)).pooled();
        }
    }

    /**
     * Per image, the coarse grid resampled bilinearly (cell centres on cell centres) onto the fine grid,
     * times the fine grid, normalised to 0..1.
     */
    static float[] fuse(float[] coarse, int cw, int ch, float[] fine, int fw, int fh, int n) {
        float[] out = new float[n * fw * fh];
        float[] grid = new float[fw * fh];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < fh; y++) {
                double sy = Math.min(ch - 1, Math.max(0, (y + 0.5) * ch / fh - 0.5));
                int y0 = (int) Math.floor(sy), y1 = Math.min(ch - 1, y0 + 1);
                double wy = sy - y0;
                for (int x = 0; x < fw; x++) {
                    double sx = Math.min(cw - 1, Math.max(0, (x + 0.5) * cw / fw - 0.5));
                    int x0 = (int) Math.floor(sx), x1 = Math.min(cw - 1, x0 + 1);
                    double wx = sx - x0;
                    int base = i * cw * ch;
                    double up = (1 - wy) * ((1 - wx) * coarse[base + y0 * cw + x0] + wx * coarse[base + y0 * cw + x1])
                            + wy * ((1 - wx) * coarse[base + y1 * cw + x0] + wx * coarse[base + y1 * cw + x1]);
                    grid[y * fw + x] = (float) (up * fine[i * fw * fh + y * fw + x]);
                }
            }
            System.arraycopy(normalised(grid, 0, grid.length), 0, out, i * fw * fh, fw * fh);
        }
        return out;
    }

    /** The batch followed by its images mirrored left-right (2n images). */
    static float[] withMirrors(float[] batch, int n, int channels, int size) {
        float[] out = java.util.Arrays.copyOf(batch, 2 * batch.length);
        int perImage = channels * size * size;
        for (int i = 0; i < n; i++) {
            for (int row = 0; row < channels * size; row++) {
                int from = i * perImage + row * size;
                int to = (n + i) * perImage + row * size;
                for (int x = 0; x < size; x++) {
                    out[to + x] = batch[from + size - 1 - x];
                }
            }
        }
        return out;
    }

    /**
     * Test-time flip: image i's logits become the mean of its own and its mirror's (n + i); the mirror's
     * heat map is mirrored back and averaged in; the gate judges the unmirrored image (as it was fitted).
     */
    private static MemberOutput foldMirrors(MemberOutput o, int n) {
        int c = o.classes();
        float[] logits = new float[n * c];
        for (int i = 0; i < n * c; i++) {
            logits[i] = (o.logits()[i] + o.logits()[n * c + i]) / 2f;
        }
        double[] ratio = o.gateRatio() == null ? null : java.util.Arrays.copyOf(o.gateRatio(), n);
        float[] cam = null;
        if (o.cam() != null) {
            int w = o.camWidth(), h = o.camHeight(), cells = w * h;
            cam = new float[n * cells];
            for (int i = 0; i < n; i++) {
                float[] grid = new float[cells];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        grid[y * w + x] = (o.cam()[i * cells + y * w + x] + o.cam()[(n + i) * cells + y * w + (w - 1 - x)]) / 2f;
                    }
                }
                System.arraycopy(normalised(grid, 0, cells), 0, cam, i * cells, cells);
            }
        }
        return new MemberOutput(logits, c, ratio, cam, o.camWidth(), o.camHeight());
    }

    /** What one network said about a batch: logits (n x classes), gate ratios (or null) and CAM grids (or null). */
    private record MemberOutput(float[] logits, int classes, double[] gateRatio, float[] cam, int camWidth, int camHeight) {
    }

    private static MemberOutput run(ScoringModel member, float[] batch, int n, boolean cam, CamTarget target, CamStage stage) {
        ModelCard card = member.card();
        try (NDManager manager = member.djlModel().getNDManager().newSubManager()) {
            // libtorch's grad mode is per thread and on by default: without this, plain inference records a graph
            JniUtils.setGradMode(false);
            NDArray input = manager.create(FloatBuffer.wrap(batch), new Shape(n, card.channels(), card.inputSize(), card.inputSize()));
            ParameterStore store = new ParameterStore(manager, false);
            if (member.network().isEmpty()) { // TorchScript: a black box, logits only
                float[] logits = member.block().forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
                return new MemberOutput(logits, logits.length / n, null, null, 0, 0);
            }
            ResNet net = member.network().orElseThrow();
            if (cam && stage == CamStage.FUSED) {
                MemberOutput coarse = withCam(member, net, manager, store, input, n, target, CamStage.LAYER4);
                MemberOutput fine = withCam(member, net, manager, store, input, n, target, CamStage.LAYER3);
                float[] fused = fuse(coarse.cam(), coarse.camWidth(), coarse.camHeight(), fine.cam(), fine.camWidth(), fine.camHeight(), n);
                return new MemberOutput(coarse.logits(), coarse.classes(), coarse.gateRatio(), fused, fine.camWidth(), fine.camHeight());
            }
            return cam ? withCam(member, net, manager, store, input, n, target, stage) : plain(member, net, store, input, n);
        }
    }

    private static MemberOutput plain(ScoringModel member, ResNet net, ParameterStore store, NDArray input, int n) {
        NDList y = net.features().forward(store, new NDList(input), false);
        Head head = head(net, store, y);
        return new MemberOutput(head.logits, head.logits.length / n, gateRatios(member, head.pooled, n), null, 0, 0);
    }

    /** The head in its two steps, so the gate sees the pooled features the classifier sees. */
    private record Head(float[] logits, float[] pooled, NDArray logitArray) {
    }

    private static Head head(ResNet net, ParameterStore store, NDList features) {
        List<Block> parts = new ArrayList<>(net.head().getChildren().values());
        NDList pooled = parts.get(0).forward(store, features, false);
        NDList out = pooled;
        for (int i = 1; i < parts.size(); i++) {
            out = parts.get(i).forward(store, out, false);
        }
        NDArray logits = out.singletonOrThrow();
        return new Head(logits.toFloatArray(), pooled.singletonOrThrow().stopGradient().toFloatArray(), logits);
    }

    private static double[] gateRatios(ScoringModel member, float[] pooled, int n) {
        if (member.featureGate().isEmpty()) {
            return null;
        }
        FeatureGate gate = member.featureGate().orElseThrow();
        int dim = pooled.length / n;
        if (dim != gate.dimension()) {
            throw new InferenceException("feature gate of " + member.card().name() + " expects " + gate.dimension()
                    + " features, the network gives " + dim, null);
        }
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = gate.ratio(pooled, i * dim);
        }
        return ratio;
    }

    private static MemberOutput withCam(ScoringModel member, ResNet net, NDManager manager, ParameterStore store, NDArray input,
                                        int n, CamTarget target, CamStage stage) {
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
        Head head;
        int classes;
        synchronized (GRADIENT_LOCK) {
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDList y = new NDList(features);
                for (int i = split; i < stages.size(); i++) {
                    y = stages.get(i).forward(store, y, false);
                }
                head = head(net, store, y);
                classes = head.logits.length / n;
                float[] oneHot = new float[n * classes];
                for (int i = 0; i < n; i++) {
                    oneHot[i * classes + targetClass(head.logits, i, classes, target)] = 1f;
                }
                NDArray selected = head.logitArray.mul(manager.create(oneHot, new Shape(n, classes))).sum();
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
        float[] normalised = new float[maps.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(normalised(maps, i * h * w, h * w), 0, normalised, i * h * w, h * w);
        }
        return new MemberOutput(head.logits, classes, gateRatios(member, head.pooled, n), normalised, w, h);
    }

    /**
     * One score per frame: the mean of the members' calibrated BA probabilities (the card's temperature and
     * bias), the mean of their gate ratios (refused above 1), and the mean of their heat maps.
     */
    private static List<FrameScore> combine(ModelCard card, List<Frame> frames, List<PreparedImage> images, List<MemberOutput> outputs,
                                            boolean gate) {
        int n = frames.size();
        List<FrameScore> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double p = 0;
            double ratio = 0;
            int gated = 0;
            for (MemberOutput o : outputs) {
                int base = i * o.classes();
                p += card.baProbability(o.logits()[base + Label.BA.index()], o.logits()[base + Label.NON_BA.index()]);
                if (o.gateRatio() != null) {
                    ratio += o.gateRatio()[i];
                    gated++;
                }
            }
            p = Math.min(1.0, Math.max(0.0, p / outputs.size()));
            if (gate && gated > 0 && ratio / gated > 1.0) {
                result.add(FrameScore.refused(frames.get(i), outOfDistribution(ratio / gated)));
                continue;
            }
            HeatMap heat = null;
            MemberOutput first = outputs.get(0);
            if (first.cam() != null) {
                int cells = first.camWidth() * first.camHeight();
                float[] grid = new float[cells];
                for (MemberOutput o : outputs) {
                    for (int k = 0; k < cells; k++) {
                        grid[k] += o.cam()[i * cells + k] / outputs.size();
                    }
                }
                heat = images.get(i).toFrameHeatMap(normalised(grid, 0, cells), first.camWidth(), first.camHeight());
            }
            result.add(new FrameScore(frames.get(i), p, Label.atThreshold(p, 0.5), heat));
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
