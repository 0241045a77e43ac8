package org.gbscan.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.inference.model.Devices;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.junit.jupiter.api.Test;

class InferenceSettingsTest {

    @Test
    void defaultsAreDocumentedOnes() {
        InferenceSettings s = InferenceSettings.defaults();
        assertThat(s.modelDir()).isNull();
        assertThat(s.device()).isEqualTo("auto");
        assertThat(s.batchMax()).isEqualTo(16);
        assertThat(s.batchMaxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(s.camEnabled()).isTrue();
        assertThat(s.camTarget()).isEqualTo(CamTarget.PREDICTED);
        assertThat(s.camStage()).as("none configured: the model card's choice").isNull();
        ModelCard plain = ModelCard.forNewModel("m", "1", Architecture.RESNET, 18, 96);
        assertThat(s.camStageFor(plain)).as("a card that names none: the stage that localised best on the phantom")
                .isEqualTo(CamStage.LAYER3);
        assertThat(s.camStageFor(plain.withCamStage("layer4"))).as("a mask-trained model's card").isEqualTo(CamStage.LAYER4);
        assertThat(InferenceSettings.from(Config.of(Map.of("inference.cam.stage", "layer2"))).camStageFor(plain.withCamStage("layer4")))
                .as("configured wins over the card").isEqualTo(CamStage.LAYER2);
        assertThat(s.cineFrames()).isEqualTo(8);
        assertThatThrownBy(s::requireModelDir).hasMessageContaining("inference.model.dir");
    }

    @Test
    void readsEveryKeyFromConfig() {
        InferenceSettings s = InferenceSettings.from(Config.of(Map.of(
                "inference.model.dir", "/models/se152", "inference.device", "cpu", "inference.batch.max", "4",
                "inference.batch.maxWait", "20ms", "inference.cam.enabled", "false", "inference.cam.target", "ba",
                "inference.cine.frames", "3", "inference.cam.stage", "layer3")));
        assertThat(s).isEqualTo(new InferenceSettings(Path.of("/models/se152"), "cpu", 4, Duration.ofMillis(20),
                false, CamTarget.BA, CamStage.LAYER3, 3, true));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> InferenceSettings.from(Config.of(Map.of("inference.batch.max", "0"))))
                .hasMessageContaining("inference.batch.max");
        assertThatThrownBy(() -> InferenceSettings.from(Config.of(Map.of("inference.cam.target", "liver"))))
                .hasMessageContaining("predicted, ba or non-ba");
        assertThatThrownBy(() -> InferenceSettings.from(Config.of(Map.of("inference.cam.stage", "layer1"))))
                .hasMessageContaining("layer4, layer3, layer2 or fused");
        assertThatThrownBy(() -> Devices.resolve("tpu")).hasMessageContaining("auto, cpu, gpu");
    }

    @Test
    void deviceChoiceFollowsWhatTheEngineSees() {
        assertThat(Devices.resolve("cpu")).isEqualTo(Device.cpu());
        int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
        assertThat(Devices.resolve("auto")).isEqualTo(gpus > 0 ? Device.gpu() : Device.cpu());
        if (gpus == 0) {
            assertThatThrownBy(() -> Devices.resolve("gpu")).hasMessageContaining("sees 0 GPU");
        }
    }

    @Test
    void djlRunsOfflineWithoutTrackingOnceEnsured() {
        DjlEnvironment.ensureOffline();
        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(Utils.getCacheDir().toString()).isNotBlank();
    }
}
