package org.gbscan.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.inference.BatchingScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.testing.SyntheticFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptTest {
    private static final ModelCard CARD = ModelCard.forNewModel("exported", "py-1", Architecture.SE_RESNET, 152, 64);

    @TempDir
    Path dir;

    @Test
    void loadsATorchScriptFileWithItsCardAndScoresWithoutGradCam() throws Exception {
        TorchScriptFixture.write(dir.resolve("model.pt"));
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), CARD.toJson());

        try (ScoringModel model = ModelDirectory.load(dir, Device.cpu());
             BatchingScorer scorer = new BatchingScorer(model, InferenceSettings.from(Config.of(Map.of())))) {
            assertThat(model.supportsGradCam()).isFalse();
            assertThat(model.network()).isEmpty();
            assertThat(scorer.camActive()).isFalse();
            Frame frame = SyntheticFrames.ultrasound(160, 120, 1, 1);
            FrameScore score = scorer.scoreAll(List.of(frame)).get(0);

            // logits (m, -m) with m the mean of the normalised input: p(BA) = sigmoid(2m)
            float[] input = model.preprocessor().prepare(frame).data();
            double m = 0;
            for (float v : input) {
                m += v;
            }
            m /= input.length;
            assertThat(score.baProbability()).isCloseTo(1 / (1 + Math.exp(-2 * m)), within(1e-5));
            assertThat(score.heatMap()).isNull();
        }
    }

    @Test
    void loadsTheTorchScriptFileItselfWhenGivenItsPath() throws Exception {
        Path pt = dir.resolve("exported.pt");
        TorchScriptFixture.write(pt);
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), CARD.toJson());
        try (ScoringModel model = ModelDirectory.load(pt, Device.cpu())) {
            assertThat(model.info().architecture()).isEqualTo("SE-ResNet-152");
        }
    }

    @Test
    void corruptTorchScriptIsReported() throws Exception {
        Files.writeString(dir.resolve("model.pt"), "not a zip");
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), CARD.toJson());
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("cannot be loaded by PyTorch");
    }
}
