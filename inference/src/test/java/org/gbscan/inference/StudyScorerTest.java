package org.gbscan.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Refusal;
import org.gbscan.core.StudyResult;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.testing.SyntheticFrames;
import org.junit.jupiter.api.Test;

class StudyScorerTest {

    @Test
    void studyScoreIsTheMeanBaProbabilityOfAllFramesLabelledAtTheCardThreshold() {
        ModelCard card = ModelCard.forNewModel("study-test", "2", Architecture.RESNET, 18, 64);
        try (ScoringModel model = ScoringModel.untrained(card, Device.cpu(), 3)) {
            InferenceSettings settings = InferenceSettings.from(Config.of(java.util.Map.of("inference.cam.enabled", "false")));
            DirectScorer frames = new DirectScorer(model, settings);
            Frame a = SyntheticFrames.ultrasound(160, 120, 1, 1);
            Frame b1 = SyntheticFrames.ultrasound(160, 120, 2, 2);
            Frame b2 = new Frame(b1.source(), 1, 160, 120, b1.format(), SyntheticFrames.ultrasound(160, 120, 3, 2).pixels());
            List<ImageInstance> instances = List.of(
                    new ImageInstance(a.source(), List.of(a), 1, null),
                    new ImageInstance(b1.source(), List.of(b1, b2), 8, null));
            double mean = frames.scoreAll(List.of(a, b1, b2)).stream().mapToDouble(FrameScore::baProbability).average().orElseThrow();
            Instant now = Instant.parse("2026-01-02T03:04:05Z");

            for (double threshold : new double[] {Math.max(0.01, mean - 0.01), Math.min(0.99, mean + 0.01)}) {
                ModelCard thresholded = card.withThreshold(threshold);
                StudyResult result = new StudyScorer(frames, thresholded.info(), Clock.fixed(now, ZoneOffset.UTC))
                        .score(SyntheticFrames.study(), instances);

                assertThat(result.frames()).hasSize(3);
                assertThat(result.sources()).containsExactly(a.source(), b1.source());
                assertThat(result.baProbability()).isCloseTo(mean, within(1e-6));
                assertThat(result.label()).isEqualTo(Label.atThreshold(mean, threshold));
                assertThat(result.model()).isEqualTo(thresholded.info());
                assertThat(result.scoredAt()).isEqualTo(now);
            }
        }
    }

    private static final ModelInfo MODEL = new ModelInfo("gate-test", "1", "resnet18", 0.5);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void studyWhoseEveryFrameIsRefusedIsNotAssessableForTheFirstFramesReason() {
        Frame a = SyntheticFrames.ultrasound(64, 48, 1, 1);
        Frame b = SyntheticFrames.ultrasound(64, 48, 2, 2);
        Refusal blank = new Refusal(Refusal.Reason.BLANK, "pixel spread 0.1%");
        Refusal text = new Refusal(Refusal.Reason.TEXT_ONLY, "");
        FrameScorer refusing = frames -> List.of(FrameScore.refused(frames.get(0), blank), FrameScore.refused(frames.get(1), text));

        StudyResult result = new StudyScorer(refusing, MODEL, CLOCK).score(SyntheticFrames.study(), List.of(
                new ImageInstance(a.source(), List.of(a), 1, null), new ImageInstance(b.source(), List.of(b), 1, null)));

        assertThat(result.isAssessable()).isFalse();
        assertThat(result.refusal()).isEqualTo(blank);
        assertThat(result.baProbability()).isNaN();
        assertThat(result.label()).isNull();
        assertThat(result.frames()).hasSize(2).allMatch(FrameScore::isRefused);
        assertThat(result.sources()).containsExactly(a.source(), b.source());
        assertThat(result.topFrames(3)).isEmpty();
    }

    @Test
    void refusedFramesTakeNoPartInTheMeanOfAPartlyRefusedStudy() {
        Frame a = SyntheticFrames.ultrasound(64, 48, 1, 1);
        Frame b = SyntheticFrames.ultrasound(64, 48, 2, 2);
        Frame c = SyntheticFrames.ultrasound(64, 48, 3, 3);
        FrameScorer partly = frames -> List.of(
                new FrameScore(frames.get(0), 0.2, Label.NON_BA, null),
                FrameScore.refused(frames.get(1), new Refusal(Refusal.Reason.SCREENSHOT, "")),
                new FrameScore(frames.get(2), 0.6, Label.BA, null));

        StudyResult result = new StudyScorer(partly, MODEL, CLOCK).score(SyntheticFrames.study(), List.of(
                new ImageInstance(a.source(), List.of(a), 1, null), new ImageInstance(b.source(), List.of(b), 1, null),
                new ImageInstance(c.source(), List.of(c), 1, null)));

        assertThat(result.isAssessable()).isTrue();
        assertThat(result.baProbability()).isCloseTo(0.4, within(1e-12));
        assertThat(result.label()).isEqualTo(Label.NON_BA);
        assertThat(result.frames()).hasSize(3);
        assertThat(result.scoredFrames()).extracting(f -> f.frame().source()).containsExactly(a.source(), c.source());
    }
}
