package org.gbscan.inference;

import java.util.ArrayList;
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

    public DirectScorer(ScoringModel model, InferenceSettings settings) {
        this.model = model;
        this.batchMax = settings.batchMax();
        this.cam = settings.camEnabled() && model.supportsGradCam();
        this.camTarget = settings.camTarget();
        this.camStage = settings.camStage();
    }

    @Override
    public List<FrameScore> scoreAll(List<Frame> frames) {
        List<FrameScore> out = new ArrayList<>(frames.size());
        for (int from = 0; from < frames.size(); from += batchMax) {
            List<Frame> chunk = frames.subList(from, Math.min(frames.size(), from + batchMax));
            List<PreparedImage> images = new ArrayList<>(chunk.size());
            for (Frame f : chunk) {
                images.add(model.preprocessor().prepare(f));
            }
            out.addAll(ForwardPass.score(model, chunk, images, cam, camTarget, camStage));
        }
        return out;
    }
}
