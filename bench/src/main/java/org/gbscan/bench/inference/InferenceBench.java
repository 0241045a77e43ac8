package org.gbscan.bench.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;
import org.gbscan.inference.BatchingScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.model.ScoringModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of one batch at 224x224: the bare DJL forward (input already a tensor) against gbscan's
 * serving path (preprocess 640x480 B-mode frames -> dynamic batch -> forward -> scores), with and
 * without Grad-CAM. Time per operation is per batch: divide by {@code batch} for per-image figures.
 * Weights are random (speed does not depend on them). Run:
 * <pre>java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main InferenceBench -f 1 -wi 2 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"})
public class InferenceBench {
    @Param({"RESNET-18", "SE_RESNET-50"})
    public String network;

    @Param({"1", "8", "16"})
    public int batch;

    @Param({"224"})
    public int inputSize;

    private ScoringModel model;
    private BatchingScorer plain;
    private BatchingScorer withCam;
    private List<Frame> frames;
    private float[] tensor;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = network.split("-");
        ModelCard card = ModelCard.forNewModel("bench", "0", Architecture.valueOf(parts[0]), Integer.parseInt(parts[1]), inputSize);
        model = ScoringModel.untrained(card, Device.cpu(), 1);
        Map<String, String> base = Map.of("inference.batch.max", Integer.toString(batch), "inference.device", "cpu");
        plain = new BatchingScorer(model, InferenceSettings.from(Config.of(base).with("inference.cam.enabled", "false")));
        withCam = new BatchingScorer(model, InferenceSettings.from(Config.of(base).with("inference.cam.enabled", "true")));
        frames = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            frames.add(fanFrame(640, 480, i));
        }
        SplittableRandom random = new SplittableRandom(1);
        tensor = new float[batch * 3 * inputSize * inputSize];
        for (int i = 0; i < tensor.length; i++) {
            tensor[i] = (float) random.nextGaussian();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plain.close();
        withCam.close();
        model.close();
    }

    /** The model alone: tensor in, logits out, a sub-manager per batch (the floor for the serving path). */
    @Benchmark
    public float[] bareForward() {
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            JniUtils.setGradMode(false);
            NDArray x = manager.create(FloatBuffer.wrap(tensor), Networks.inputShape(model.card(), batch));
            return model.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    /** Preprocess every frame, one dynamic batch, forward, scores; no heat maps. */
    @Benchmark
    public Object scorePath() {
        return plain.scoreAll(frames);
    }

    /** As {@link #scorePath()} plus Grad-CAM on layer4 mapped back to 640x480. */
    @Benchmark
    public Object scorePathWithGradCam() {
        return withCam.scoreAll(frames);
    }

    /** A B-mode-like sector on black with some text pixels, like a scanner's secondary capture. */
    static Frame fanFrame(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[width * height];
        double apexX = width / 2.0, apexY = height * 0.08, r0 = height * 0.06, r1 = height * 0.86, half = Math.toRadians(35);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - apexX, dy = y - apexY, r = Math.hypot(dx, dy);
                if (r >= r0 && r <= r1 && Math.abs(Math.atan2(dx, dy)) <= half) {
                    px[y * width + x] = (byte) (60 + random.nextInt(90));
                }
            }
        }
        for (int x = 10; x < 150; x += 3) {
            px[12 * width + x] = (byte) 255;
        }
        StudyRef study = new StudyRef(Uids.derive("bench"), Patient.UNKNOWN, "", "", "", "", "");
        InstanceRef ref = new InstanceRef(study, Uids.derive("bench-series"), Uids.derive("bench", Long.toString(seed)),
                SopClass.US_IMAGE.uid(), "US", 1, (int) seed + 1);
        return new Frame(ref, 0, width, height, PixelFormat.GRAY8, px);
    }
}
