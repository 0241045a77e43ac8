package org.gbscan.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import org.gbscan.core.Refusal;
import org.gbscan.inference.preprocess.InputScreen;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.preprocess.PreparedImage;

/**
 * Scores on the caller's thread in chunks of {@code batchMax}: no queue, no worker. For one caller
 * that has all its frames at once (the trainer's evaluation, the CLI); servers use {@link BatchingScorer}.
 */
public final class DirectScorer implements FrameScorer {
    private final ScoringModel model;
    private final int batchMax;
    private final boolean cam;
    private final CamTarget camTarget;
    private final CamStage camStage;
    private final InputScreen screen;

    public DirectScorer(ScoringModel model, InferenceSettings settings) {
        this.model = model;
        this.batchMax = settings.batchMax();
        this.cam = settings.camEnabled() && model.supportsGradCam();
        this.camTarget = settings.camTarget();
        this.camStage = settings.camStageFor(model.card());
        this.screen = settings.gateEnabled() ? new InputScreen(model.card().inputKind()) : null;
    }

    @Override
    public List<FrameScore> scoreAll(List<Frame> frames) {
        List<FrameScore> out = new ArrayList<>(frames.size());
        for (int from = 0; from < frames.size(); from += batchMax) {
            List<Frame> chunk = frames.subList(from, Math.min(frames.size(), from + batchMax));
            FrameScore[] scored = new FrameScore[chunk.size()];
            List<Frame> passed = new ArrayList<>(chunk.size());
            List<PreparedImage> images = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                Frame f = chunk.get(i);
                Optional<Refusal> refusal = screen == null ? Optional.empty() : screen.check(f);
                if (refusal.isPresent()) {
                    scored[i] = FrameScore.refused(f, refusal.get());
                } else {
                    passed.add(f);
                    images.add(model.preprocessor().prepare(f));
                }
            }
            if (!passed.isEmpty()) {
                Iterator<FrameScore> network = ForwardPass.score(model, passed, images, cam, camTarget, camStage, screen != null).iterator();
                for (int i = 0; i < scored.length; i++) {
                    if (scored[i] == null) {
                        scored[i] = network.next();
                    }
                }
            }
            out.addAll(Arrays.asList(scored));
        }
        return out;
    }

    /**
     * Evaluation's view of each frame, from one forward per batch: calibrated and uncalibrated BA
     * probability, and the refusal the service's quality gate (input screen, then feature gate) would
     * give. Every frame is scored, refused or not, so the metrics cover all of them.
     */
    public List<FrameEvaluation> evaluateAll(List<Frame> frames) {
        InputScreen gateScreen = screen != null ? screen : new InputScreen(model.card().inputKind());
        List<FrameEvaluation> out = new ArrayList<>(frames.size());
        for (int from = 0; from < frames.size(); from += batchMax) {
            List<Frame> chunk = frames.subList(from, Math.min(frames.size(), from + batchMax));
            List<PreparedImage> images = new ArrayList<>(chunk.size());
            for (Frame f : chunk) {
                images.add(model.preprocessor().prepare(f));
            }
            List<ForwardPass.Evaluation> network = ForwardPass.evaluate(model, images);
            for (int i = 0; i < chunk.size(); i++) {
                ForwardPass.Evaluation e = network.get(i);
                Optional<Refusal> refusal = gateScreen.check(chunk.get(i));
                if (refusal.isEmpty() && e.gateRatio() > 1.0) {
                    refusal = Optional.of(ForwardPass.outOfDistribution(e.gateRatio()));
                }
                out.add(new FrameEvaluation(e.probability(), e.uncalibratedProbability(), refusal));
            }
        }
        return out;
    }

    /** One frame as evaluation sees it; {@code refusal} is what the gate would say, empty when it would pass. */
    public record FrameEvaluation(double probability, double uncalibratedProbability, Optional<Refusal> refusal) {
    }
}
