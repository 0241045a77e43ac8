package org.gbscan.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.gbscan.core.Frame;
import org.gbscan.core.Photos;
import org.gbscan.core.Refusal;
import org.gbscan.core.testing.Ba2021Data;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.testing.OutOfDistributionImages;
import org.gbscan.inference.testing.SyntheticFrames;
import org.junit.jupiter.api.Test;

/**
 * The quality gate's image checks: at least 9 of 10 generated inputs of each kind are refused with that
 * kind's reason, and real inputs of the model's kind pass (B-mode frames and phone photos of them for a
 * frame model; the study's published crops for a region model, when they are here).
 */
class InputScreenTest {
    private static final int VARIANTS = 10;
    private final InputScreen regionModel = new InputScreen(InputKind.ROI);
    private final InputScreen frameModel = new InputScreen(InputKind.FRAME);

    @Test
    void refusesBlankImagesAsBlank() {
        assertRefused(regionModel, OutOfDistributionImages::blank, Refusal.Reason.BLANK);
        assertRefused(frameModel, OutOfDistributionImages::blank, Refusal.Reason.BLANK);
    }

    @Test
    void refusesTextOnlyPagesAsText() {
        assertRefused(regionModel, OutOfDistributionImages::textOnly, Refusal.Reason.TEXT_ONLY);
        assertRefused(frameModel, OutOfDistributionImages::textOnly, Refusal.Reason.TEXT_ONLY);
    }

    @Test
    void refusesApplicationScreenshotsAsScreenshots() {
        assertRefused(regionModel, OutOfDistributionImages::screenshot, Refusal.Reason.SCREENSHOT);
        assertRefused(frameModel, OutOfDistributionImages::screenshot, Refusal.Reason.SCREENSHOT);
    }

    @Test
    void refusesColourPhotographsAsColour() {
        assertRefused(regionModel, OutOfDistributionImages::colourPhoto, Refusal.Reason.COLOUR_IMAGE);
        assertRefused(frameModel, OutOfDistributionImages::colourPhoto, Refusal.Reason.COLOUR_IMAGE);
    }

    @Test
    void refusesCtAndMrSlicesAsNotUltrasound() {
        assertRefused(regionModel, OutOfDistributionImages::ctSlice, Refusal.Reason.NOT_ULTRASOUND);
        assertRefused(regionModel, OutOfDistributionImages::mrSlice, Refusal.Reason.NOT_ULTRASOUND);
    }

    @Test
    void refusesAFrameSentToARegionModelAndARegionSentToAFrameModel() {
        assertRefused(regionModel, seed -> SyntheticFrames.ultrasound(640, 480, seed, 1), Refusal.Reason.WRONG_INPUT_KIND);
        assertRefused(frameModel, OutOfDistributionImages::regionFromFrame, Refusal.Reason.WRONG_INPUT_KIND);
    }

    @Test
    void passesBModeFramesAndPhonePhotosOfThemForAFrameModel() {
        for (long seed = 1; seed <= VARIANTS; seed++) {
            Frame screen = SyntheticFrames.ultrasound(640, 480, seed, 1);
            double[][] corners = {{90, 70}, {560, 85}, {575, 420}, {80, 400}};
            assertThat(frameModel.check(screen)).as("frame %d", seed).isEmpty();
            assertThat(frameModel.check(SyntheticFrames.phonePhoto(screen, 640, 480, corners, seed))).as("photo %d", seed).isEmpty();
        }
    }

    @Test
    void passesRegionCropsForARegionModel() {
        for (long seed = 1; seed <= VARIANTS; seed++) {
            assertThat(regionModel.check(OutOfDistributionImages.regionFromFrame(seed))).as("crop %d", seed).isEmpty();
        }
    }

    @Test
    void refusesAtMostTwoPercentOfTheStudysPublishedCrops() throws IOException, Photos.NotAnImageException {
        Optional<Path> data = Ba2021Data.folder();
        assumeTrue(data.isPresent(), Ba2021Data.ENV + " is not set: the study's crops are not here");
        List<Path> files;
        try (Stream<Path> s = Files.list(data.get())) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().limit(400).toList();
        }
        int refused = 0;
        for (Path f : files) {
            Frame frame = Photos.read(f).frames().get(0);
            refused += regionModel.check(frame).isPresent() ? 1 : 0;
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(refused).as("refused of %d real crops", files.size()).isLessThanOrEqualTo(files.size() / 50);
    }

    private static void assertRefused(InputScreen screen, LongFunction<Frame> kind, Refusal.Reason reason) {
        int refused = 0;
        for (long seed = 1; seed <= VARIANTS; seed++) {
            Optional<Refusal> r = screen.check(kind.apply(seed));
            if (r.isPresent() && r.get().reason() == reason) {
                refused++;
            }
        }
        assertThat(refused).as("refused as %s, of %d", reason, VARIANTS).isGreaterThanOrEqualTo(9);
    }
}
