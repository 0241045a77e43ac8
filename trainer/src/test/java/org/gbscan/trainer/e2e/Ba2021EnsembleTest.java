package org.gbscan.trainer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ai.djl.Device;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.Photos;
import org.gbscan.core.Refusal;
import org.gbscan.core.testing.Ba2021Data;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.FeatureGate;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.trainer.eval.EvaluateCommand;
import org.gbscan.trainer.eval.EvaluateOptions;
import org.gbscan.trainer.train.Recipes;
import org.gbscan.trainer.train.TrainCommand;
import org.gbscan.trainer.train.TrainOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ba2021 recipe's machinery on a small real subset of the study's crops (a tiny, briefly trained
 * network, so the figures are not the point): a 2-fold ensemble whose card lists its members, carries
 * the out-of-fold calibration, threshold and cross-validation table, and whose members carry fitted
 * feature gates; the ensemble scores real crops, refuses a blank one, and evaluates like any model.
 */
class Ba2021EnsembleTest {
    @TempDir
    Path dir;

    @Test
    void trainsAnEnsembleThatCarriesItsCrossValidationCalibrationAndGates() throws Exception {
        Path data = Ba2021Data.folder().orElse(null);
        assumeTrue(data != null, Ba2021Data.ENV + " is not set: the study's crops are not here");
        List<String> rows = Files.readAllLines(data.resolve("label.csv"));
        Path trainLabels = subset(rows, 0, 7, dir.resolve("train.csv"));
        Path testLabels = subset(rows, 1, 14, dir.resolve("test.csv"));
        Path model = dir.resolve("model");
        TrainOptions.Builder b = TrainOptions.builder(data, trainLabels, model);
        Recipes.apply("ba2021", b);
        TrainOptions recipe = b.build();
        b.epochs(2).progressBar(false).design(new TrainOptions.Design(2, InputKind.ROI, recipe.design().stem(), 8,
                recipe.design().outputStride(), recipe.design().schedule(), recipe.design().augmentation(),
                recipe.design().targetSensitivity(), recipe.design().labelSmoothing(), "ba2021",
                recipe.design().testTimeFlip()));

        TrainCommand.run(b.build(), quiet());

        ModelCard card = ModelDirectory.readCard(model);
        assertThat(card.members()).containsExactly("fold-1", "fold-2");
        assertThat(card.inputKind()).isEqualTo(InputKind.ROI);
        assertThat(card.threshold()).isGreaterThan(0).isLessThan(1);
        assertThat(card.trainingData()).containsEntry("intendedUse", "research use only, not for diagnosis");
        assertThat((List<?>) card.metrics().get("folds")).hasSize(2);
        assertThat(Files.readString(model.resolve("cv.md"))).contains("| 1 |", "| 2 |", "mean of folds",
                "Test-time flip on. The same members with it off");
        assertThat(card.testTimeFlip()).as("the recipe scores each crop and its mirror").isTrue();
        assertThat(card.metrics()).containsKey("otherFlipMode");
        for (String member : card.members()) {
            assertThat(model.resolve(member).resolve(FeatureGate.FILE_NAME)).isRegularFile();
            assertThat(ModelDirectory.readCard(model.resolve(member)).qualityGate()).containsKey("threshold");
        }

        try (ScoringModel ensemble = ModelDirectory.load(model, Device.cpu())) {
            DirectScorer scorer = new DirectScorer(ensemble, InferenceSettings.defaults());
            Frame crop = Photos.read(data.resolve(rows.get(0).split(",")[0])).frames().get(0);
            Frame blank = new Frame(crop.source(), 0, 60, 60, crop.format(), new byte[crop.pixels().length]);
            List<FrameScore> scores = scorer.scoreAll(List.of(crop, blank));
            assertThat(scores.get(1).refusal().reason()).isEqualTo(Refusal.Reason.BLANK);
            assertThat(scores.get(0).isRefused() || scores.get(0).baProbability() >= 0).isTrue();
        }

        Path out = dir.resolve("eval");
        EvaluateCommand.run(EvaluateOptions.of(model, data, testLabels, out), quiet());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.at("/patient/auc/value").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.at("/operatingPoint/source").asText()).isEqualTo("model card");
        assertThat(metrics.at("/calibration/before/imageEce").isNumber()).isTrue();
        assertThat(metrics.at("/calibration/after/imageEce").isNumber()).isTrue();
        assertThat(metrics.at("/qualityGate/images").asInt()).isPositive();
        assertThat(metrics.at("/qualityGate/refusalRate").asDouble()).as("real crops refused").isLessThanOrEqualTo(0.05);
    }

    /** The label rows of every {@code step}-th patient from {@code offset} (a patient is the file-name prefix before '_'). */
    private static Path subset(List<String> rows, int offset, int step, Path file) throws Exception {
        Map<String, List<String>> byPatient = new LinkedHashMap<>();
        for (String row : rows) {
            if (!row.isBlank()) {
                byPatient.computeIfAbsent(row.substring(0, row.indexOf('_')), k -> new ArrayList<>()).add(row);
            }
        }
        List<String> out = new ArrayList<>();
        List<List<String>> patients = new ArrayList<>(byPatient.values());
        for (int i = offset; i < patients.size(); i += step) {
            out.addAll(patients.get(i));
        }
        return Files.write(file, out);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
