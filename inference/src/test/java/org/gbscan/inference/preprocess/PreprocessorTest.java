package org.gbscan.inference.preprocess;

import org.gbscan.phantom.Homography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.gbscan.core.Frame;
import org.gbscan.core.HeatMap;
import org.gbscan.core.PixelFormat;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.testing.SyntheticFrames;
import org.gbscan.inference.testing.SyntheticFrames.Fan;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    private static final int W = 400, H = 300;
    private final Preprocessor preprocessor = Preprocessor.of(ModelCard.forNewModel("t", "1", Architecture.RESNET, 18, 64));

    @Test
    void cropsToTheBoundingBoxOfTheUltrasoundFan() {
        Frame frame = SyntheticFrames.ultrasound(W, H, 1, 1);
        Fan fan = SyntheticFrames.fanOf(W, H);

        CropGeometry g = preprocessor.crop(frame).geometry();

        double tolerance = 2 * Math.max(2, Math.min(W, H) / 128) + 1; // the finder works on cells, grown by one
        assertThat(g.x()).isCloseTo(fan.left(), within(tolerance));
        assertThat(g.x() + g.width()).isCloseTo(fan.right(), within(tolerance));
        assertThat(g.y()).isCloseTo(fan.top(), within(tolerance));
        assertThat(g.y() + g.height()).isCloseTo(fan.bottom(), within(tolerance));
    }

    @Test
    void masksBurnedInTextScaleAndCalipersOutsideTheFan() {
        Frame frame = SyntheticFrames.ultrasound(W, H, 2, 1);
        Fan fan = SyntheticFrames.fanOf(W, H);
        CroppedImage crop = preprocessor.crop(frame);
        CropGeometry g = crop.geometry();

        int marksInCrop = 0;
        int fanPixelsKept = 0, fanPixels = 0;
        for (int y = 0; y < crop.height(); y++) {
            for (int x = 0; x < crop.width(); x++) {
                int fx = (int) g.x() + x, fy = (int) g.y() + y;
                int original = frame.luminance(fx, fy);
                float kept = crop.pixels()[y * crop.width() + x];
                if (original == SyntheticFrames.MARK && !fan.contains(fx + 0.5, fy + 0.5) && kept > 0) {
                    marksInCrop++;
                }
                if (fan.contains(fx + 0.5, fy + 0.5) && original > 0) {
                    fanPixels++;
                    if (Math.abs(kept - original / 255f) < 1e-6) {
                        fanPixelsKept++;
                    }
                }
            }
        }
        assertThat(marksInCrop).as("text/caliper pixels surviving the mask").isZero();
        assertThat(fanPixelsKept).as("fan pixels kept unchanged").isEqualTo(fanPixels);
    }

    @Test
    void phonePhotoCropFollowsThePerspectiveSkewedScreenDespiteGlare() {
        Frame screen = SyntheticFrames.ultrasound(W, H, 3, 1);
        double[][] corners = {{70, 50}, {560, 80}, {540, 430}, {95, 400}};
        Frame photo = SyntheticFrames.phonePhoto(screen, 640, 480, corners, 4);
        Homography toPhoto = Homography.between(
                new double[][] {{0, 0}, {W, 0}, {W, H}, {0, H}}, corners);
        Fan fan = SyntheticFrames.fanOf(W, H);
        // where the fan's extreme points land in the photo
        double[][] fanPoints = {
                toPhoto.apply(fan.apexX(), fan.bottom()),
                toPhoto.apply(fan.left(), fan.apexY() + fan.outerRadius() * Math.cos(SyntheticFrames.HALF_ANGLE)),
                toPhoto.apply(fan.right(), fan.apexY() + fan.outerRadius() * Math.cos(SyntheticFrames.HALF_ANGLE)),
                toPhoto.apply(fan.apexX(), fan.top())};

        CropGeometry g = preprocessor.crop(photo).geometry();

        for (double[] p : fanPoints) {
            assertThat(p[0]).isBetween(g.x() - 8, g.x() + g.width() + 8);
            assertThat(p[1]).isBetween(g.y() - 8, g.y() + g.height() + 8);
        }
        double fanBoxArea = (fanPoints[2][0] - fanPoints[1][0]) * (fanPoints[0][1] - fanPoints[3][1]);
        assertThat(g.width() * g.height()).as("crop area").isLessThan(1.6 * fanBoxArea);
    }

    @Test
    void normalisesWithTheCardMeanAndStdIntoEveryChannel() {
        byte[] px = new byte[100 * 80];
        java.util.Arrays.fill(px, (byte) 128);
        Frame flat = new Frame(SyntheticFrames.instance(1), 0, 100, 80, PixelFormat.GRAY8, px);

        PreparedImage img = preprocessor.prepare(flat);

        assertThat(img.channels()).isEqualTo(3);
        assertThat(img.size()).isEqualTo(64);
        List<Double> mean = ModelCard.STUDY_MEAN, std = ModelCard.STUDY_STD;
        for (int c = 0; c < 3; c++) {
            float expected = (float) ((128 / 255.0 - mean.get(c)) / std.get(c));
            assertThat(img.data()[c * 64 * 64 + 100]).isCloseTo(expected, within(1e-4f));
        }
    }

    @Test
    void gridAndFrameCoordinatesRoundTrip() {
        PreparedImage img = preprocessor.prepare(SyntheticFrames.ultrasound(W, H, 5, 1));
        for (double[] uv : new double[][] {{0, 0}, {64, 64}, {10.5, 50.25}, {32, 7}}) {
            CropGeometry.Point f = img.toFrame(uv[0], uv[1]);
            CropGeometry.Point back = img.toGrid(f.x(), f.y());
            assertThat(back.x()).isCloseTo(uv[0], within(1e-9));
            assertThat(back.y()).isCloseTo(uv[1], within(1e-9));
        }
    }

    @Test
    void heatMapCellLandsOnItsPlaceInTheOriginalFrameAndIsZeroOutsideTheCrop() {
        PreparedImage img = preprocessor.prepare(SyntheticFrames.ultrasound(W, H, 6, 1));
        float[] grid = new float[4 * 4];
        grid[1 * 4 + 2] = 1f; // row 1, column 2 of a 4x4 map over the 64-px model input (stride 16)

        HeatMap heat = img.toFrameHeatMap(grid, 4, 4);

        assertThat(heat.width()).isEqualTo(W);
        assertThat(heat.height()).isEqualTo(H);
        int arg = heat.argMax();
        // a strided convolution's cell k is centred on input pixel k*stride (see HeatMapAlignmentTest)
        CropGeometry.Point expected = img.toFrame(2 * 16 + 0.5, 1 * 16 + 0.5);
        assertThat((double) (arg % W)).isCloseTo(expected.x(), within(1.5));
        assertThat((double) (arg / W)).isCloseTo(expected.y(), within(1.5));
        CropGeometry g = img.geometry();
        assertThat(heat.at(0, 0)).isZero();
        assertThat(heat.at((int) g.x() - 1, (int) (g.y() + g.height() / 2))).isZero();
    }

    @Test
    void heatMapIsZeroOnTheBackgroundBesideTheFanAndPeaksAtOneInsideIt() {
        PreparedImage img = preprocessor.prepare(SyntheticFrames.ultrasound(W, H, 9, 1));
        Fan fan = SyntheticFrames.fanOf(W, H);
        float[] grid = new float[4 * 4];
        grid[0] = 1f; // the model input's top-left cell: mostly black background beside the fan's apex
        grid[3 * 4 + 1] = 0.5f; // a cell deep inside the fan

        HeatMap heat = img.toFrameHeatMap(grid, 4, 4);

        CropGeometry g = img.geometry();
        int cornerX = (int) g.x() + 2, cornerY = (int) g.y() + 2;
        assertThat(fan.contains(cornerX + 0.5, cornerY + 0.5)).as("the crop's corner is background").isFalse();
        assertThat(heat.at(cornerX, cornerY)).isZero();
        int arg = heat.argMax();
        assertThat(fan.contains(arg % W + 0.5, arg / W + 0.5)).as("the strongest pixel lies in the fan").isTrue();
        assertThat(heat.values()[arg]).isEqualTo(1f);
    }

    @Test
    void augmentedPixelsStillMapToTheirSourcePixelsInTheFrame() {
        Frame frame = SyntheticFrames.ultrasound(W, H, 7, 1);
        SplittableRandom random = new SplittableRandom(11);
        CroppedImage crop = preprocessor.crop(frame);
        CroppedImage augmented = crop.subRegion(13, 9, crop.width() - 40, crop.height() - 30).flippedHorizontally()
                .subRegion(5, 4, crop.width() - 60, crop.height() - 50);
        CropGeometry g = augmented.geometry();
        for (int k = 0; k < 200; k++) {
            int x = random.nextInt(augmented.width()), y = random.nextInt(augmented.height());
            CropGeometry.Point p = g.toFrame((x + 0.5) * 10, (y + 0.5) * 10, 10 * augmented.width());
            // toFrame scales u by gridSize; v uses the same grid size, so map y on its own scale
            double fy = g.y() + (y + 0.5) / augmented.height() * g.height();
            int fx = (int) Math.floor(p.x());
            float value = augmented.pixels()[y * augmented.width() + x];
            assertThat(value).isEqualTo(crop.pixels()[(int) Math.floor(fy - crop.geometry().y()) * crop.width()
                    + (int) Math.floor(fx - crop.geometry().x())]);
        }
    }

    @Test
    void studyAugmentationKeepsMostOfTheImageAndStaysInRange() {
        CroppedImage crop = preprocessor.crop(SyntheticFrames.ultrasound(W, H, 8, 1));
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 50; k++) {
            CroppedImage out = Augmentation.study().apply(crop, random);
            double area = (double) out.width() * out.height() / ((double) crop.width() * crop.height());
            assertThat(area).isBetween(0.78, 1.0);
            for (float v : out.pixels()) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void aRegionImageReachesTheNetworkUnmaskedEvenWhereItsLumenTouchesTheBorder() {
        // a 60x60 gallbladder crop: speckled tissue with an anechoic lumen cut by the left and bottom borders
        int side = 60;
        byte[] px = new byte[side * side];
        SplittableRandom random = new SplittableRandom(9);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double dx = x / 30.0, dy = (y - 60) / 25.0;
                px[y * side + x] = (byte) (dx * dx + dy * dy < 1 ? 3 + random.nextInt(5) : 80 + random.nextInt(90));
            }
        }
        Frame crop = new Frame(SyntheticFrames.instance(1), 0, side, side, PixelFormat.GRAY8, px);
        Preprocessor region = Preprocessor.of(ModelCard.forNewModel("t", "1", Architecture.RESNET, 18, 64)
                .withDesign(org.gbscan.inference.model.InputKind.ROI, org.gbscan.inference.model.Stem.COMPACT, 16, 32));

        CroppedImage seen = region.crop(crop);

        assertThat(seen.width()).isEqualTo(side);
        assertThat(seen.height()).isEqualTo(side);
        for (int i = 0; i < px.length; i++) {
            assertThat(seen.pixels()[i]).as("pixel %d", i).isCloseTo((px[i] & 0xff) / 255f, within(1e-6f));
        }
        // the frame path would search for a fan: it loses part of this image, which is why region models skip it
        CroppedImage asFrame = preprocessor.crop(crop);
        boolean lost = asFrame.width() * asFrame.height() < side * side;
        for (int i = 0; !lost && i < px.length; i++) {
            lost = Math.abs(asFrame.pixels()[i] - (px[i] & 0xff) / 255f) > 1e-6f;
        }
        assertThat(lost).as("the fan search changes a region crop").isTrue();
    }
}
