package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The JSON line {@code gbscan score} prints per input, and what its help promises about refusals. */
class ScoreCommandTest {
    private static final ModelInfo MODEL = new ModelInfo("gbscan-resnet18", "1.2.0", "resnet18", 0.5);
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final ObjectMapper json = new ObjectMapper();
    private final StudyRef study = Fixtures.study("PID-CLI");
    private final InstanceRef image = Fixtures.instance(study, SopClass.US_MULTIFRAME_IMAGE, 1);

    @Test
    void aRefusedInputPrintsTheReasonItsCodeAndTheGatesMeasurementButNoProbabilityOrLabel() {
        Refusal colour = new Refusal(Refusal.Reason.COLOUR_IMAGE, "saturation 0.41");
        StudyResult result = StudyResult.notAssessable(study, List.of(image),
                List.of(FrameScore.refused(frame(0), colour), FrameScore.refused(frame(1), colour)), colour, MODEL, NOW);
        ObjectNode line = json.createObjectNode().put("file", "photo.jpg");

        ScoreCommand.describe(result, 12, line);

        assertThat(line.path("refused").asText()).isEqualTo(Refusal.Reason.COLOUR_IMAGE.text());
        assertThat(line.path("refusedCode").asText()).isEqualTo("colour-image");
        assertThat(line.path("refusedDetail").asText()).isEqualTo("saturation 0.41");
        assertThat(line.has("probability")).as(line.toString()).isFalse();
        assertThat(line.has("label")).as(line.toString()).isFalse();
        assertThat(line.path("frames").asInt()).isEqualTo(2);
        assertThat(line.path("model").asText()).isEqualTo(MODEL.displayName());
    }

    @Test
    void aPartlyRefusedInputGetsTheMeanOfItsScoredFramesAndSaysHowManyWereLeftOut() {
        StudyResult result = new StudyResult(study, List.of(image), List.of(
                new FrameScore(frame(0), 0.7, Label.BA, null),
                FrameScore.refused(frame(1), new Refusal(Refusal.Reason.BLANK, ""))), 0.7, Label.BA, MODEL, NOW);
        ObjectNode line = json.createObjectNode();

        ScoreCommand.describe(result, 12, line);

        assertThat(line.path("probability").asDouble()).isEqualTo(0.7);
        assertThat(line.path("label").asText()).isEqualTo("BA");
        assertThat(line.path("frames").asInt()).isEqualTo(2);
        assertThat(line.path("refusedFrames").asInt()).isEqualTo(1);
        assertThat(line.has("refused")).isFalse();
    }

    @Test
    void helpSaysARefusalIsAnAnswerWithExitCodeZero() {
        StringWriter help = new StringWriter();
        Main.commandLine().getSubcommands().get("score").usage(new PrintWriter(help));

        // picocli wraps the description at 80 columns
        assertThat(help.toString().replaceAll("\\s+", " ")).contains("\"refused\"").contains("\"refusedCode\"")
                .contains("Exit code: 0 when every file was read (scored or refused: a refusal is an answer)");
    }

    private Frame frame(int index) {
        return Fixtures.gradient(image, index, 64, 48, PixelFormat.GRAY8);
    }
}
