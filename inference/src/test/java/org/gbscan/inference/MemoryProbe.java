package org.gbscan.inference;

import ai.djl.Device;
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
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.testing.SyntheticFrames;

/**
 * Runs 2,000 concurrent scoring calls (Grad-CAM on) in a JVM of its own whose heap is fixed and
 * pre-touched, so that resident memory growth can only come from native (libtorch/DJL) allocations.
 * Prints one line per measurement: {@code round arrays rssBytes}.
 */
public final class MemoryProbe {
    public static final int WARM_UP = 500, ROUNDS = 4, PER_ROUND = 375;

    public static void main(String[] args) throws Exception {
        ModelCard card = ModelCard.forNewModel("memory-probe", "1", Architecture.SE_RESNET, 18, 64);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            frames.add(SyntheticFrames.ultrasound(160, 120, i, i + 1));
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (ScoringModel model = ScoringModel.untrained(card, Device.cpu(), 1);
             BatchingScorer scorer = new BatchingScorer(model, InferenceSettings.from(Config.of(Map.of())))) {
            calls(scorer, callers, frames, WARM_UP);
            for (int round = 0; round <= ROUNDS; round++) {
                if (round > 0) {
                    calls(scorer, callers, frames, PER_ROUND);
                }
                System.out.println("MEASURE " + round + " " + model.djlModel().getNDManager().getManagedArrays().size() + " " + rss()
                        + " " + scorer.framesScored());
            }
        } finally {
            callers.shutdown();
        }
    }

    private static void calls(BatchingScorer scorer, ExecutorService callers, List<Frame> frames, int count) throws Exception {
        List<CompletableFuture<FrameScore>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Frame f = frames.get(i % frames.size());
            futures.add(CompletableFuture.supplyAsync(() -> scorer.submit(f), callers).thenCompose(x -> x));
        }
        for (CompletableFuture<FrameScore> f : futures) {
            f.get();
        }
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
