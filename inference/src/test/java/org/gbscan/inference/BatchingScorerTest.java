package org.gbscan.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.preprocess.CropGeometry;
import org.gbscan.inference.testing.SyntheticFrames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchingScorerTest {
    private static final ModelCard CARD = ModelCard.forNewModel("batch-test", "1", Architecture.SE_RESNET, 18, 64);
    private static ScoringModel model;
    private static List<Frame> frames;

    @BeforeAll
    static void load() {
        model = ScoringModel.untrained(CARD, Device.cpu(), 5);
        frames = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            frames.add(SyntheticFrames.ultrasound(160 + 8 * (i % 3), 120, 100 + i, i + 1));
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static InferenceSettings settings(Map<String, String> overrides) {
        return InferenceSettings.from(Config.of(overrides));
    }

    @Test
    void concurrentCallersGetTheSameScoresAsOneByOneCalls() throws Exception {
        List<FrameScore> oneByOne = new ArrayList<>();
        DirectScorer single = new DirectScorer(model, settings(Map.of("inference.batch.max", "1")));
        for (Frame f : frames) {
            oneByOne.addAll(single.scoreAll(List.of(f)));
        }

        List<FrameScore> concurrent = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (BatchingScorer scorer = new BatchingScorer(model, settings(Map.of("inference.batch.maxWait", "50ms")))) {
            List<CompletableFuture<FrameScore>> futures = new ArrayList<>();
            for (Frame f : frames) {
                futures.add(CompletableFuture.supplyAsync(() -> scorer.submit(f), callers).thenCompose(x -> x));
            }
            for (CompletableFuture<FrameScore> fut : futures) {
                concurrent.add(fut.get());
            }
            assertThat(scorer.framesScored()).isEqualTo(frames.size());
        } finally {
            callers.shutdown();
        }

        for (int i = 0; i < frames.size(); i++) {
            FrameScore a = oneByOne.get(i), b = concurrent.get(i);
            assertThat(b.frame()).isSameAs(frames.get(i));
            assertThat(b.baProbability()).isCloseTo(a.baProbability(), within(1e-5));
            assertThat(b.predicted()).isEqualTo(a.predicted());
            float[] ha = a.heatMap().values(), hb = b.heatMap().values();
            for (int k = 0; k < ha.length; k += 37) {
                assertThat(hb[k]).isCloseTo(ha[k], within(1e-3f));
            }
        }
    }

    @Test
    void framesQueuedTogetherShareOneForwardPerBatch() {
        try (BatchingScorer scorer = new BatchingScorer(model, settings(Map.of(
                "inference.batch.max", "16", "inference.batch.maxWait", "2s", "inference.cam.enabled", "false")))) {
            List<FrameScore> scores = scorer.scoreAll(frames);
            assertThat(scores).hasSize(24);
            assertThat(scorer.batchesRun()).isEqualTo(2); // 16 + 8
        }
    }

    @Test
    void heatMapsAreInOriginalFrameCoordinatesNormalisedAndZeroOutsideTheCrop() {
        try (BatchingScorer scorer = new BatchingScorer(model, settings(Map.of()))) {
            assertThat(scorer.camActive()).isTrue();
            Frame frame = frames.get(0);
            FrameScore score = scorer.scoreAll(List.of(frame)).get(0);
            HeatMap heat = score.heatMap();

            assertThat(heat.width()).isEqualTo(frame.width());
            assertThat(heat.height()).isEqualTo(frame.height());
            float max = 0;
            for (float v : heat.values()) {
                assertThat(v).isBetween(0f, 1f);
                max = Math.max(max, v);
            }
            assertThat(max).isGreaterThan(0.5f);
            CropGeometry crop = model.preprocessor().crop(frame).geometry();
            for (int y = 0; y < frame.height(); y++) {
                for (int x = 0; x < frame.width(); x++) {
                    if (x + 0.5 < crop.x() || x + 0.5 > crop.x() + crop.width() || y + 0.5 < crop.y() || y + 0.5 > crop.y() + crop.height()) {
                        assertThat(heat.at(x, y)).isZero();
                    }
                }
            }
        }
    }

    @Test
    void camCanBeReadFromLayer3WithoutChangingTheScore() {
        Frame frame = frames.get(2);
        try (BatchingScorer layer4 = new BatchingScorer(model, settings(Map.of("inference.cam.stage", "layer4")));
             BatchingScorer layer3 = new BatchingScorer(model, settings(Map.of()))) { // layer3 is the default
            FrameScore last = layer4.scoreAll(List.of(frame)).get(0);
            FrameScore earlier = layer3.scoreAll(List.of(frame)).get(0);

            assertThat(earlier.baProbability()).isCloseTo(last.baProbability(), within(1e-5));
            assertThat(earlier.heatMap().width()).isEqualTo(frame.width());
            float max = 0;
            for (float v : earlier.heatMap().values()) {
                assertThat(v).isBetween(0f, 1f);
                max = Math.max(max, v);
            }
            assertThat(max).isGreaterThan(0.5f);
            assertThat(earlier.heatMap().values()).isNotEqualTo(last.heatMap().values());
        }
    }

    @Test
    void camCanBeSwitchedOffAndTargetedAtBa() {
        Frame frame = frames.get(1);
        try (BatchingScorer off = new BatchingScorer(model, settings(Map.of("inference.cam.enabled", "false")));
             BatchingScorer ba = new BatchingScorer(model, settings(Map.of("inference.cam.target", "ba")));
             BatchingScorer predicted = new BatchingScorer(model, settings(Map.of()))) {
            FrameScore plain = off.scoreAll(List.of(frame)).get(0);
            FrameScore forBa = ba.scoreAll(List.of(frame)).get(0);
            FrameScore forPredicted = predicted.scoreAll(List.of(frame)).get(0);

            assertThat(plain.heatMap()).isNull();
            assertThat(forBa.heatMap()).isNotNull();
            assertThat(forBa.baProbability()).isCloseTo(plain.baProbability(), within(1e-5));
            // for a two-class head, the gradients of the two logits point opposite ways: different maps
            // unless the predicted class is BA
            boolean same = java.util.Arrays.equals(forBa.heatMap().values(), forPredicted.heatMap().values());
            assertThat(same).isEqualTo(forPredicted.predicted() == org.gbscan.core.Label.BA);
        }
    }

    @Test
    void memoryStaysFlatOverTwoThousandCalls() throws Exception {
        // own JVM with a fixed, pre-touched heap: RSS growth there can only be native (libtorch/DJL) memory
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch",
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            command.add("-DDJL_CACHE_DIR=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<long[]> measures = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("MEASURE ")) {
                    String[] p = line.split(" ");
                    measures.add(new long[] {Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4])});
                }
            }
        }
        assertThat(process.waitFor()).as(output.toString()).isZero();
        assertThat(measures).hasSize(MemoryProbe.ROUNDS + 1);
        long[] first = measures.get(0), last = measures.get(measures.size() - 1);
        System.out.println("memory probe (arrays, RSS MB, frames): "
                + measures.stream().map(m -> m[0] + "/" + (m[1] >> 20) + "/" + m[2]).toList());
        assertThat(last[2]).isEqualTo(2000);
        assertThat(measures).allSatisfy(m -> assertThat(m[0]).as("NDArrays alive").isEqualTo(first[0]));
        // Seen: +90 MB while glibc's arenas settle over the first rounds, then flat. A leak of one batch's
        // intermediates (tens of MB at batch 16) over ~100 batches would add GBs.
        assertThat(last[1] - first[1]).as("native resident memory growth over 1,500 calls").isLessThan(160L * 1024 * 1024);
        long[] middle = measures.get(measures.size() / 2);
        assertThat(last[1] - middle[1]).as("native resident memory growth over the last 750 calls").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void closedScorerRefusesNewFrames() {
        BatchingScorer scorer = new BatchingScorer(model, settings(Map.of()));
        scorer.close();
        assertThatThrownBy(() -> scorer.submit(frames.get(0))).isInstanceOf(InferenceException.class).hasMessageContaining("closed");
    }
}
