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
    void testTimeFlipAveragesTheLogitsOfAnImageAndItsMirror() throws Exception {
        // a region model uses the image whole, so the mirrored frame reaches the network exactly mirrored
        ModelCard member = MEMBER.withDesign(InputKind.ROI, Stem.COMPACT, 8, 32);
        try (ScoringModel m = ScoringModel.untrained(member, Device.cpu(), 13)) {
            ModelDirectory.save(dir.resolve("fold-1"), m.djlModel(), member);
        }
        double temperature = 1.5, bias = -0.2;
        writeCard(dir, member.withMembers(List.of("fold-1")).withTemperature(temperature).withLogitBias(bias).withTestTimeFlip(true));
        Frame frame = asymmetricRegion(60, 60, SyntheticFrames.instance(1));
        Frame mirror = mirrored(frame);
        InferenceSettings settings = InferenceSettings.defaults().withGate(false);

        FrameScore flipped;
        FrameScore plain;
        FrameScore plainMirror;
        try (ScoringModel model = ModelDirectory.load(dir, Device.cpu())) {
            assertThat(model.card().testTimeFlip()).isTrue();
            flipped = new DirectScorer(model, settings).scoreAll(List.of(frame)).get(0);
            DirectScorer off = new DirectScorer(model.withTestTimeFlip(false), settings);
            plain = off.scoreAll(List.of(frame)).get(0);
            plainMirror = off.scoreAll(List.of(mirror)).get(0);
        }
        // compared as logit differences: an untrained network's probabilities sit close to 0 or 1
        double zPlain = logit(plain.baProbability(), temperature, bias);
        double zMirror = logit(plainMirror.baProbability(), temperature, bias);
        assertThat(zPlain).as("the image and its mirror score differently").isNotCloseTo(zMirror, within(1e-2));
        assertThat(logit(flipped.baProbability(), temperature, bias)).isCloseTo((zPlain + zMirror) / 2, within(1e-3));
        assertThat(flipped.heatMap()).isNotNull();
    }

    @Test
    void evaluationGivesFromOneForwardWhatTheCalibratedAndUncalibratedScorersGive() throws Exception {
        writeMember("fold-1", 11);
        writeMember("fold-2", 12);
        writeCard(dir, MEMBER.withMembers(List.of("fold-1", "fold-2")).withTemperature(1.7).withLogitBias(-0.4));
        List<Frame> frames = List.of(SyntheticFrames.ultrasound(320, 240, 4, 1), SyntheticFrames.ultrasound(320, 240, 5, 2));
        InferenceSettings settings = InferenceSettings.defaults().withGate(false);

        try (ScoringModel model = ModelDirectory.load(dir, Device.cpu())) {
            List<DirectScorer.FrameEvaluation> evaluated = new DirectScorer(model, settings).evaluateAll(frames);
            List<FrameScore> calibrated = new DirectScorer(model, settings).scoreAll(frames);
            List<FrameScore> raw = new DirectScorer(model.uncalibrated(), settings).scoreAll(frames);
            List<FrameScore> gated = new DirectScorer(model, settings.withGate(true)).scoreAll(frames);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(evaluated.get(i).probability()).as("frame %d", i).isCloseTo(calibrated.get(i).baProbability(), within(1e-6));
                assertThat(evaluated.get(i).uncalibratedProbability()).as("frame %d", i).isCloseTo(raw.get(i).baProbability(), within(1e-6));
                assertThat(evaluated.get(i).refusal().isPresent()).as("frame %d", i).isEqualTo(gated.get(i).isRefused());
            }
            assertThat(evaluated.get(0).probability()).as("calibration changes the probability")
                    .isNotCloseTo(evaluated.get(0).uncalibratedProbability(), org.assertj.core.api.Assertions.withinPercentage(10));
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

    /** The raw logit difference behind a calibrated probability. */
    private static double logit(double p, double temperature, double bias) {
        return (Math.log(p / (1 - p)) - bias) * temperature;
    }

    /** A grey region image with a bright blob at the left: not symmetric, so its mirror is another input. */
    private static Frame asymmetricRegion(int width, int height, org.gbscan.core.InstanceRef source) {
        byte[] px = new byte[width * height];
        java.util.Random random = new java.util.Random(5);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double blob = Math.exp(-(Math.pow(x - width * 0.25, 2) + Math.pow(y - height * 0.4, 2)) / 60.0);
                px[y * width + x] = (byte) Math.min(255, (int) (60 + 150 * blob + random.nextInt(40)));
            }
        }
        return new Frame(source, 0, width, height, org.gbscan.core.PixelFormat.GRAY8, px);
    }

    private static Frame mirrored(Frame f) {
        byte[] out = new byte[f.pixels().length];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                out[y * f.width() + x] = f.pixels()[y * f.width() + f.width() - 1 - x];
            }
        }
        return new Frame(f.source(), f.index(), f.width(), f.height(), f.format(), out);
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
