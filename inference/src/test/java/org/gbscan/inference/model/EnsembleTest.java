package org.gbscan.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.testing.SyntheticFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ensemble directory scores the mean of its members' calibrated probabilities and draws the mean of their maps. */
class EnsembleTest {
    private static final ModelCard MEMBER = ModelCard.forNewModel("member", "1", Architecture.RESNET, 18, 64)
            .withDesign(InputKind.FRAME, Stem.COMPACT, 8, 32);

    @TempDir
    Path dir;

    @Test
    void scoresTheMeanOfItsMembersCalibratedProbabilities() throws Exception {
        writeMember("fold-1", 11);
        writeMember("fold-2", 12);
        double temperature = 2.0, bias = 0.3;
        writeCard(dir, MEMBER.withMembers(List.of("fold-1", "fold-2")).withTemperature(temperature).withLogitBias(bias));
        List<Frame> frames = List.of(SyntheticFrames.ultrasound(320, 240, 4, 1), SyntheticFrames.ultrasound(320, 240, 5, 2));
        InferenceSettings settings = InferenceSettings.defaults().withGate(false);

        List<FrameScore> ensemble;
        try (ScoringModel model = ModelDirectory.load(dir, Device.cpu())) {
            assertThat(model.isEnsemble()).isTrue();
            ensemble = new DirectScorer(model, settings).scoreAll(frames);
        }
        List<FrameScore> a = scoreAlone("fold-1", frames, settings);
        List<FrameScore> b = scoreAlone("fold-2", frames, settings);

        for (int i = 0; i < frames.size(); i++) {
            double expected = (calibrated(a.get(i).baProbability(), temperature, bias)
                    + calibrated(b.get(i).baProbability(), temperature, bias)) / 2;
            assertThat(ensemble.get(i).baProbability()).as("frame %d", i).isCloseTo(expected, within(1e-4));
            assertThat(ensemble.get(i).heatMap()).as("mean heat map of frame %d", i).isNotNull();
        }
    }

    @Test
    void namesAMissingMember() throws Exception {
        writeMember("fold-1", 11);
        writeCard(dir, MEMBER.withMembers(List.of("fold-1", "fold-2")));

        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("fold-2");
    }

    @Test
    void refusesAMemberOutsideItsDirectory() throws Exception {
        writeCard(dir, MEMBER.withMembers(List.of("../elsewhere")));

        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a sub-directory");
    }

    private List<FrameScore> scoreAlone(String member, List<Frame> frames, InferenceSettings settings) throws Exception {
        try (ScoringModel model = ModelDirectory.load(dir.resolve(member), Device.cpu())) {
            return new DirectScorer(model, settings).scoreAll(frames);
        }
    }

    /** What the ensemble's card does to a member's uncalibrated probability. */
    private static double calibrated(double p, double temperature, double bias) {
        double z = Math.log(p / (1 - p)) / temperature + bias;
        return 1 / (1 + Math.exp(-z));
    }

    private void writeMember(String name, int seed) throws Exception {
        try (ScoringModel m = ScoringModel.untrained(MEMBER, Device.cpu(), seed)) {
            ModelDirectory.save(dir.resolve(name), m.djlModel(), MEMBER);
        }
    }

    private static void writeCard(Path dir, ModelCard card) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), card.toJson(), StandardCharsets.UTF_8);
    }
}
