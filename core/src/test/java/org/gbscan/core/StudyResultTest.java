package org.gbscan.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class StudyResultTest {
    private static final StudyRef STUDY = Fixtures.study("RANK");
    private static final ModelInfo MODEL = new ModelInfo("m", "1", "resnet18", 0.5);

    private static FrameScore frame(int number, double probability) {
        InstanceRef ref = Fixtures.instance(STUDY, SopClass.US_IMAGE, number);
        return new FrameScore(Fixtures.gradient(ref, 0, 8, 8, PixelFormat.GRAY8), probability, Label.BA, null);
    }

    private static List<String> topKeys(List<FrameScore> frames, int k) {
        StudyResult result = new StudyResult(STUDY, List.of(), frames, 0.8, Label.BA, MODEL, Instant.EPOCH);
        return result.topFrames(k).stream().map(f -> f.frame().key()).toList();
    }

    @Test
    void framesRankByProbabilityHighestFirst() {
        FrameScore low = frame(1, 0.20);
        FrameScore high = frame(2, 0.90);
        FrameScore middle = frame(3, 0.60);

        assertThat(topKeys(List.of(low, high, middle), 2)).containsExactly(high.frame().key(), middle.frame().key());
    }

    @Test
    void probabilitiesThatDifferOnlyInFloatNoiseRankTheSameWhateverTheirOrderOrNoise() {
        List<Frame> frames = List.of(frame(1, 0).frame(), frame(2, 0).frame(), frame(3, 0).frame(), frame(4, 0).frame());
        // the same study scored twice in different batches: the 3rd and 4th frames swap in their last bits
        List<FrameScore> first = scores(frames, 0.95, 0.90, 0.7000001, 0.7000000);
        List<FrameScore> again = new ArrayList<>(scores(frames, 0.95, 0.90, 0.7000000, 0.7000002));
        Collections.reverse(again);

        assertThat(topKeys(again, 3)).isEqualTo(topKeys(first, 3));
    }

    private static List<FrameScore> scores(List<Frame> frames, double... probabilities) {
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            scores.add(new FrameScore(frames.get(i), probabilities[i], Label.BA, null));
        }
        return scores;
    }
}
