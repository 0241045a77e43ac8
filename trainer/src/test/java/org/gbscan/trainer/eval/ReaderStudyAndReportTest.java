package org.gbscan.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReaderStudyAndReportTest {
    @TempDir
    Path dir;

    /** The six cases of {@link DeLongTest}: patients x1..x3 BA, y1..y3 non-BA, one image each, rater A's scores. */
    static List<ScoredImage> modelImages() {
        return List.of(new ScoredImage("x1.dcm", "x1", true, 0.9), new ScoredImage("x2.dcm", "x2", true, 0.8),
                new ScoredImage("x3.dcm", "x3", true, 0.4), new ScoredImage("y1.dcm", "y1", false, 0.7),
                new ScoredImage("y2.dcm", "y2", false, 0.3), new ScoredImage("y3.dcm", "y3", false, 0.4));
    }

    @Test
    void patientScoreIsTheMeanOfItsImagesAndTiesInLabelGoToBa() {
        List<PatientScores.PatientScore> p = PatientScores.aggregate(List.of(
                new ScoredImage("a1", "a", true, 0.8), new ScoredImage("a2", "a", false, 0.2),
                new ScoredImage("b1", "b", false, 0.1), new ScoredImage("b2", "b", false, 0.3), new ScoredImage("b3", "b", true, 0.5)));
        // a: (0.8 + 0.2)/2 = 0.5, one BA of two -> tie -> BA; b: (0.1+0.3+0.5)/3 = 0.3, one BA of three -> non-BA
        assertThat(p).extracting(PatientScores.PatientScore::patient).containsExactly("a", "b");
        assertThat(p.get(0).ba()).isTrue();
        assertThat(p.get(0).baProbability()).isCloseTo(0.5, within(1e-12));
        assertThat(p.get(1).ba()).isFalse();
        assertThat(p.get(1).baProbability()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void comparesTheModelWithEachReaderByDeLongOnSharedPatients() throws IOException {
        // reader "B" scores = rater B of DeLongTest -> model - reader = 1/6, p = 0.386476 (worked out there)
        // reader "C" calls (0 = BA): x1 0, x2 0, x3 1, y1 0, y2 1, y3 1 -> sensitivity 2/3, specificity 2/3,
        // AUC of a binary call = (sens + spec)/2 = 2/3; a patient "z9" unknown to the model is ignored.
        Path scores = dir.resolve("readers.csv");
        Files.writeString(scores, "patient,reader,score\nx1,B,0.6\nx2,B,0.9\nx3,B,0.2\ny1,B,0.5\ny2,B,0.1\ny3,B,0.8\nz9,B,0.5\n");
        Path calls = dir.resolve("calls.csv");
        Files.writeString(calls, "patient,reader,call\nx1,C,0\nx2,C,0\nx3,C,1\ny1,C,0\ny2,C,1\ny3,C,1\n");
        List<PatientScores.PatientScore> model = PatientScores.aggregate(modelImages());

        ReaderStudy.Comparison b = ReaderStudy.compare(model, ReaderStudy.read(scores)).get(0);
        ReaderStudy.Comparison c = ReaderStudy.compare(model, ReaderStudy.read(calls)).get(0);

        assertThat(b.reader()).isEqualTo("B");
        assertThat(b.patients()).isEqualTo(6);
        assertThat(b.modelMinusReader().difference()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(b.modelMinusReader().pValue()).isCloseTo(0.386476, within(1e-5));
        assertThat(c.readerAuc().auc()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.readerSensitivity().value()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.readerSpecificity().value()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void refusesAReaderFileWithoutScoreOrCallColumn() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "patient,reader,opinion\nx1,B,yes\n");
        assertThatThrownBy(() -> ReaderStudy.read(bad)).hasMessageContaining("patient,reader,score");
    }

    @Test
    void writesMetricsJsonSummaryAndBothPlots() throws IOException {
        List<ScoredImage> images = modelImages();
        LevelMetrics image = LevelMetrics.of("image", PatientScores.imageScores(images), 0.5);
        LevelMetrics patient = LevelMetrics.of("patient", PatientScores.patientScores(PatientScores.aggregate(images)), 0.5);
        EvaluationReport report = new EvaluationReport("test-model 1", 0.5, image, patient, pointingGame(), List.of(),
                "imported 6 images\n", dir.resolve("metrics.json"), dir.resolve("summary.md"), dir.resolve("roc.png"),
                dir.resolve("calibration.png"));

        ReportWriter.writeJson(report, report.metricsJson());
        ReportWriter.writeMarkdown(report, report.summary());
        Charts.roc(List.of(image, patient), report.rocPng());
        Charts.calibration(List.of(image, patient), report.calibrationPng());

        JsonNode json = new ObjectMapper().readTree(report.metricsJson().toFile());
        // AUC 5/6 and its logit interval as worked out in DeLongTest
        assertThat(json.at("/patient/auc/value").asDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(json.at("/patient/auc/lower").asDouble()).isCloseTo(0.248549, within(1e-5));
        // threshold 0.5: BA 0.9 0.8 called, 0.4 missed; non-BA 0.7 called -> TP 2 FN 1 FP 1 TN 2
        assertThat(json.at("/image/confusion/falseNegative").asInt()).isEqualTo(1);
        assertThat(json.at("/pointingGame/at15px/value").asDouble()).isEqualTo(0.75);
        assertThat(json.at("/pointingGame/at15px/lower").asDouble()).isCloseTo(0.300642, within(1e-5));
        assertThat(json.at("/pointingGame/at15px/toleranceMm").asDouble()).isEqualTo(3.0);
        assertThat(json.at("/pointingGame/at0px/value").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/pointingGame/priorBaseline/value").asDouble()).isEqualTo(0.25);
        assertThat(json.at("/pointingGame/priorBaseline/source").asText()).isEqualTo("training set (model card)");
        assertThat(json.at("/pointingGame/randomWeights/value").asDouble()).isEqualTo(0.0);
        assertThat(json.at("/pointingGame/heatInMask/value").asDouble()).isEqualTo(0.4);
        assertThat(Files.readString(report.summary())).contains("0.833 (95% CI 0.249-0.987)", "Pointing game",
                "| pointing game at 15 px | 75.0% (3/4", "| prior point 25.0% (1/4", "randomised weights, at 15 px | 0.0% (0/4");
        BufferedImage roc = ImageIO.read(report.rocPng().toFile());
        assertThat(roc.getWidth()).isEqualTo(640);
        assertThat(ImageIO.read(report.calibrationPng().toFile())).isNotNull();
    }

    private static PointingGameResult pointingGame() {
        return new PointingGameResult("layer4", 15, Proportion.wilson(3, 4), Proportion.wilson(2, 4), Proportion.wilson(1, 4),
                Proportion.wilson(0, 4), 0.4, 4, 3.0, 2.5, 3.5, new FindingPrior(0.5, 0.4, 20, "training set (model card)"));
    }
}
