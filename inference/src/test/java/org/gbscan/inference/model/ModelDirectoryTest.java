package org.gbscan.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    private static final ModelCard CARD = ModelCard.forNewModel("gbscan-test", "0.1", Architecture.SE_RESNET, 18, 64)
            .withThreshold(0.42)
            .withTrainingData(Map.of("images", 12, "source", "synthetic"))
            .withMetrics(Map.of("auc", 0.5));

    @TempDir
    Path dir;

    @Test
    void roundTripRestoresEveryWeightBitForBitAndTheCard() throws Exception {
        try (ScoringModel original = ScoringModel.untrained(CARD, Device.cpu(), 7)) {
            ModelDirectory.save(dir, original.djlModel(), CARD);
            try (ScoringModel loaded = ModelDirectory.load(dir, Device.cpu())) {
                assertThat(loaded.card()).isEqualTo(CARD);
                assertThat(loaded.info().architecture()).isEqualTo("SE-ResNet-18");
                assertThat(loaded.info().threshold()).isEqualTo(0.42);
                assertThat(loaded.supportsGradCam()).isTrue();
                PairList<String, Parameter> a = original.block().getParameters();
                PairList<String, Parameter> b = loaded.block().getParameters();
                assertThat(b.size()).isEqualTo(a.size());
                for (int i = 0; i < a.size(); i++) {
                    assertThat(b.get(i).getKey()).isEqualTo(a.get(i).getKey());
                    float[] before = a.get(i).getValue().getArray().toFloatArray();
                    float[] after = b.get(i).getValue().getArray().toFloatArray();
                    // element-wise equality of the raw bits (AssertJ's containsExactly is quadratic on failure)
                    assertThat(java.util.Arrays.equals(before, after))
                            .as("%s: %s vs %s", a.get(i).getKey(), java.util.Arrays.toString(java.util.Arrays.copyOf(before, 4)),
                                    java.util.Arrays.toString(java.util.Arrays.copyOf(after, 4)))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void cardJsonNamesEveryFieldAndParsesBackEqual() throws Exception {
        String json = CARD.toJson();
        assertThat(json).contains("\"architecture\" : \"SE_RESNET\"", "\"classes\" : [ \"BA\", \"non-BA\" ]",
                "\"inputSize\" : 64", "\"createdAt\" : \"");
        assertThat(ModelCard.fromJson(json)).isEqualTo(CARD);
    }

    @Test
    void aCardNamesTheStageItsHeatMapsAreReadFromOrNoneAndRefusesAnUnknownOne() throws Exception {
        ModelCard masked = CARD.withCamStage("LAYER4");
        assertThat(masked.camStage()).isEqualTo("layer4");
        assertThat(ModelCard.fromJson(masked.toJson())).isEqualTo(masked);
        assertThat(ModelCard.fromJson(CARD.toJson()).camStage()).as("older cards name none").isNull();
        assertThatThrownBy(() -> CARD.withCamStage("layer1")).hasMessageContaining("layer1");
    }

    @Test
    void missingDirectoryIsReported() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ModelDirectory.load(missing, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");
    }

    @Test
    void directoryWithoutCardIsReported() throws Exception {
        saveValid();
        Files.delete(dir.resolve(ModelCard.FILE_NAME));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no model-card.json");
    }

    @Test
    void cardThatIsNotJsonIsReported() throws Exception {
        saveValid();
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), "{ \"name\": \"x\", ", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model card").hasMessageContaining("not valid");
    }

    @Test
    void cardWithSwappedClassOrderIsRefused() throws Exception {
        saveValid();
        rewriteCard(json -> json.replace("[ \"BA\", \"non-BA\" ]", "[ \"non-BA\", \"BA\" ]"));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("index 0 = BA");
    }

    @Test
    void cardMissingAFieldIsRefused() throws Exception {
        saveValid();
        rewriteCard(json -> json.replaceAll("\"std\" : \\[[^]]*],", ""));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("std");
    }

    @Test
    void directoryWithoutWeightsIsReported() throws Exception {
        saveValid();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".params")).toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no weights");
    }

    @Test
    void truncatedWeightsAreReportedAsCorrupt() throws Exception {
        saveValid();
        Path params = paramsFile();
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("corrupt");
    }

    @Test
    void garbageWeightsAreReportedAsCorrupt() throws Exception {
        saveValid();
        Files.write(paramsFile(), "this is not a DJL parameter file".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("corrupt");
    }

    @Test
    void cardDepthThatDoesNotMatchTheWeightsIsRefused() throws Exception {
        saveValid();
        rewriteCard(json -> json.replace("\"depth\" : 18", "\"depth\" : 34"));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("SE-ResNet-34");
    }

    @Test
    void cardArchitectureThatDoesNotMatchTheWeightsIsRefused() throws Exception {
        saveValid();
        rewriteCard(json -> json.replace("\"SE_RESNET\"", "\"RESNET\""));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("ResNet-18");
    }

    @Test
    void cardChannelsThatDoNotMatchTheWeightsAreRefused() throws Exception {
        saveValid();
        rewriteCard(json -> json.replace("\"channels\" : 3", "\"channels\" : 1")
                .replaceAll("\"mean\" : \\[[^]]*]", "\"mean\" : [ 0.43 ]")
                .replaceAll("\"std\" : \\[[^]]*]", "\"std\" : [ 0.27 ]"));
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("do not match the card").hasMessageContaining("1 channels");
    }

    @Test
    void weightsWithAnotherClassCountAreRefused() throws Exception {
        try (Model model = Model.newInstance("three", Device.cpu(), Networks.ENGINE)) {
            model.setBlock(Networks.build(Architecture.SE_RESNET, 18, 3));
            Networks.initialize(model, CARD);
            model.save(dir, ModelDirectory.WEIGHTS_PREFIX);
        }
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), CARD.toJson());
        assertThatThrownBy(() -> ModelDirectory.load(dir, Device.cpu()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("2 classes");
    }

    private void saveValid() throws IOException {
        try (ScoringModel model = ScoringModel.untrained(CARD, Device.cpu(), 1)) {
            ModelDirectory.save(dir, model.djlModel(), CARD);
        }
    }

    private Path paramsFile() throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> params = files.filter(p -> p.toString().endsWith(".params")).toList();
            assertThat(params).hasSize(1);
            return params.get(0);
        }
    }

    private void rewriteCard(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path card = dir.resolve(ModelCard.FILE_NAME);
        String before = Files.readString(card);
        String after = edit.apply(before);
        assertThat(after).as("the test's edit changed the card").isNotEqualTo(before);
        Files.writeString(card, after);
    }
}
