package org.gbscan.reporting.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.core.testing.Fixtures;

/**
 * Study results as the scorer would produce them: core's gradient frames, a synthetic heat map (a
 * Gaussian blob at a known place) and given probabilities. The model is not what these tests check.
 */
public final class StudyResults {
    public static final ModelInfo MODEL = new ModelInfo("gbscan-resnet18", "1.2.0", "resnet18", 0.5);
    private static final Instant SCORED_AT = Instant.parse("2026-03-15T10:30:00Z");

    private StudyResults() {
    }

    /** One single-frame US image per probability; study probability = mean, label at the model threshold. */
    public static StudyResult of(StudyRef study, double... frameProbabilities) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frameProbabilities.length; i++) {
            InstanceRef ref = usImage(study, i);
            sources.add(ref);
            Frame frame = Fixtures.gradient(ref, 0, 160, 120, PixelFormat.GRAY8);
            scores.add(score(frame, frameProbabilities[i], 40 + 20 * i, 60));
        }
        return result(study, sources, scores);
    }

    public static StudyResult of(double... frameProbabilities) {
        return of(Fixtures.study("P-" + Uids.random().substring(5, 15)), frameProbabilities);
    }

    /** Every frame of {@code frames} single-frame US images refused for {@code refusal}: not assessable. */
    public static StudyResult notAssessable(StudyRef study, Refusal refusal, int frames) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            InstanceRef ref = usImage(study, i);
            sources.add(ref);
            scores.add(FrameScore.refused(Fixtures.gradient(ref, 0, 160, 120, PixelFormat.GRAY8), refusal));
        }
        return StudyResult.notAssessable(study, sources, scores, refusal, MODEL, SCORED_AT);
    }

    /**
     * One single-frame US image per entry: a probability, or NaN for a frame the gate refused with
     * {@code refusal}; the study probability is the mean over the scored frames.
     */
    public static StudyResult partlyRefused(StudyRef study, Refusal refusal, double... frameProbabilities) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frameProbabilities.length; i++) {
            InstanceRef ref = usImage(study, i);
            sources.add(ref);
            Frame frame = Fixtures.gradient(ref, 0, 160, 120, PixelFormat.GRAY8);
            scores.add(Double.isNaN(frameProbabilities[i]) ? FrameScore.refused(frame, refusal)
                    : score(frame, frameProbabilities[i], 40 + 20 * i, 60));
        }
        return result(study, sources, scores);
    }

    /** A multi-frame US cine: frame i (zero-based) gets probability p[i]. */
    public static StudyResult cine(StudyRef study, double... frameProbabilities) {
        InstanceRef ref = new InstanceRef(study, Uids.derive(study.studyInstanceUid(), "cine-series"),
                Uids.derive(study.studyInstanceUid(), "cine"), SopClass.US_MULTIFRAME_IMAGE.uid(), "US", 1, 1);
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frameProbabilities.length; i++) {
            scores.add(score(Fixtures.gradient(ref, i, 160, 120, PixelFormat.GRAY8), frameProbabilities[i], 80, 60));
        }
        return result(study, List.of(ref), scores);
    }

    /** Gaussian blob centred at (cx, cy), sigma 15 pixels, peak 1. */
    public static HeatMap blob(int w, int h, int cx, int cy) {
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx, dy = y - cy;
                v[y * w + x] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * 15.0 * 15.0));
            }
        }
        return new HeatMap(w, h, v);
    }

    private static InstanceRef usImage(StudyRef study, int i) {
        return new InstanceRef(study, Uids.derive(study.studyInstanceUid(), "source-series"),
                Uids.derive(study.studyInstanceUid(), "img", Integer.toString(i)), SopClass.US_IMAGE.uid(), "US", 1, i + 1);
    }

    private static FrameScore score(Frame frame, double p, int cx, int cy) {
        return new FrameScore(frame, p, Label.atThreshold(p, MODEL.threshold()), blob(frame.width(), frame.height(), cx, cy));
    }

    private static StudyResult result(StudyRef study, List<InstanceRef> sources, List<FrameScore> scores) {
        double mean = scores.stream().filter(f -> !f.isRefused()).mapToDouble(FrameScore::baProbability).average().orElseThrow();
        return new StudyResult(study, sources, scores, mean, Label.atThreshold(mean, MODEL.threshold()), MODEL, SCORED_AT);
    }
}
