package org.gbscan.trainer.e2e;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.trainer.eval.EvaluateCommand;
import org.gbscan.trainer.eval.EvaluateOptions;
import org.gbscan.trainer.eval.EvaluationReport;
import org.gbscan.trainer.eval.MaskIndex;
import org.gbscan.trainer.eval.PointingGameResult;
import org.gbscan.trainer.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on phantom data: the shared small model (trained once per build by {@link TestModels}),
 * evaluated on a phantom set from another seed, and loaded for inference as the server would.
 */
class PhantomModelEndToEndTest {
    static Path model;
    static Path heldOut;
    static EvaluationReport report;
    static String console;

    @TempDir
    static Path out;

    @BeforeAll
    static void evaluateTheSharedModelOnAHeldOutSet() throws Exception {
        model = TestModels.phantomModel();
        heldOut = TestModels.heldOutPhantom();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report = EvaluateCommand.run(EvaluateOptions.of(model, heldOut, heldOut.resolve("labels.csv"), out.resolve("eval"))
                .withProgressBar(false).withDevice("cpu"), new PrintStream(text, true, StandardCharsets.UTF_8));
        console = text.toString(StandardCharsets.UTF_8);
        System.out.println(console);
    }

    @Test
    void trainingWritesAModelDirectoryWhoseCardRecordsDataRecipeAndValidationFigures() throws Exception {
        ModelCard card = ModelDirectory.readCard(model);
        assertThat(card.inputSize()).isEqualTo(TestModels.INPUT_SIZE);
        assertThat(card.threshold()).isEqualTo(0.5);
        assertThat(card.trainingData()).containsKeys("labelledImages", "baPatients", "split", "training");
        assertThat(card.metrics()).containsKeys("validationImage", "validationPatient");
        assertThat(model.resolve("training/training-log.csv")).exists();
    }

    @Test
    void evaluationOnAHeldOutPhantomSetBeatsChanceWithItsDeLongInterval() throws Exception {
        assertThat(report.patient().auc().auc()).isGreaterThan(0.7);
        assertThat(report.patient().auc().lower()).isLessThan(report.patient().auc().auc());
        assertThat(report.image().cases()).isGreaterThan(report.patient().cases());
        JsonNode json = new ObjectMapper().readTree(report.metricsJson().toFile());
        assertThat(json.at("/patient/auc/value").asDouble()).isEqualTo(report.patient().auc().auc());
        assertThat(json.at("/image/confusion/truePositive").asInt() + json.at("/image/confusion/falseNegative").asInt())
                .isEqualTo(report.image().baCases());
        assertThat(ImageIO.read(report.rocPng().toFile())).isNotNull();
        assertThat(ImageIO.read(report.calibrationPng().toFile())).isNotNull();
        assertThat(Files.readString(report.summary())).contains("AUC (95% CI, DeLong)", "sensitivity", "pointing game");
        assertThat(console).contains(report.patient().auc().formatted());
    }

    /**
     * The pointing game is played on frame 0 of every BA image that has masks (the phantom draws masks on
     * frame 0; evenly spaced selection of 8 frames of a cine loop starts at frame 0) and reported with
     * its Wilson interval, beside the prior point and the randomised network's maps, which run on the same
     * images. Whether the small 96 px model's layer-4 Grad-CAM (a 3x3 grid) points inside the
     * finding is measured, not asserted: see the trainer report for the figure and why it is low.
     */
    @Test
    void pointingGameIsPlayedOnEveryBaImageWithMasks() throws Exception {
        MaskIndex masks = MaskIndex.of(heldOut.resolve("masks"));
        List<String> lines = Files.readAllLines(heldOut.resolve("labels.csv"));
        int expected = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[1].equals("0") && masks.forImage(cells[0]).isPresent()) {
                expected++;
            }
        }
        assertThat(expected).isGreaterThan(5);
        assertThat(report.pointingGame()).isNotNull();
        assertThat(report.pointingGame().trials()).isEqualTo(expected);
        JsonNode json = new ObjectMapper().readTree(report.metricsJson().toFile());
        assertThat(json.at("/pointingGame/at15px/trials").asInt()).isEqualTo(expected);
        assertThat(json.at("/pointingGame/at0px/trials").asInt()).isEqualTo(expected);
        assertThat(json.at("/pointingGame/priorBaseline/trials").asInt()).isEqualTo(expected);
        assertThat(json.at("/pointingGame/randomWeights/trials").asInt()).as("the random-weights check ran on every image")
                .isEqualTo(expected);
        assertThat(json.at("/pointingGame/at15px/toleranceMm").isNumber()).as("phantom DICOM states its pixel spacing").isTrue();
        PointingGameResult g = report.pointingGame();
        System.out.printf("pointing game of the small phantom model (%s): at 15 px %s (%.1f mm), at 0 px %s, prior point %s (%s),"
                        + " random weights %s, heat in mask %.3f%n", g.camStage(), g.atTolerance().formatted(), g.toleranceMm(),
                g.strict().formatted(), g.priorBaseline().formatted(), g.prior().source(), g.randomWeights().formatted(), g.heatInMask());
    }

    @Test
    void theTrainedDirectoryLoadsForInferenceAndScoresBaFramesHigherThanNonBaFrames() throws Exception {
        double ba = 0;
        double non = 0;
        int nBa = 0;
        int nNon = 0;
        try (ScoringModel scoring = ModelDirectory.load(model, Device.cpu())) {
            DirectScorer scorer = new DirectScorer(scoring, InferenceSettings.defaults().withCam(false));
            List<String> lines = Files.readAllLines(heldOut.resolve("labels.csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                List<Frame> frames = DicomFiles.read(heldOut.resolve(cells[0]), 1).frames();
                FrameScore s = scorer.scoreAll(frames).get(0);
                if (cells[1].equals("0")) {
                    ba += s.baProbability();
                    nBa++;
                } else {
                    non += s.baProbability();
                    nNon++;
                }
            }
        }
        assertThat(ba / nBa).isGreaterThan(non / nNon);
    }
}
