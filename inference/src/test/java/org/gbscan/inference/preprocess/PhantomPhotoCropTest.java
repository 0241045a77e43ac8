package org.gbscan.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.testing.SyntheticFrames;
import org.gbscan.phantom.Mask;
import org.gbscan.phantom.Photo;
import org.gbscan.phantom.PhotoSimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The phantom module's phone-photo simulator (perspective, bezel, moire, glare, blur, JPEG) against our crop. */
class PhantomPhotoCropTest {
    private static final int W = 400, H = 300;
    private final Preprocessor preprocessor = Preprocessor.of(ModelCard.forNewModel("t", "1", Architecture.RESNET, 18, 64));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void phonePhotoCropHoldsTheWholeFanAndLittleElse(long seed) {
        Frame screen = SyntheticFrames.ultrasound(W, H, seed, 1);
        SyntheticFrames.Fan fan = SyntheticFrames.fanOf(W, H);
        byte[] fanMask = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                fanMask[y * W + x] = (byte) (fan.contains(x + 0.5, y + 0.5) ? 255 : 0);
            }
        }
        Photo photo = new PhotoSimulator().simulate(screen, List.of(new Mask(W, H, fanMask)), seed);
        Mask warped = photo.masks().get(0);

        CropGeometry g = preprocessor.crop(photo.toFrame(screen.source(), 0)).geometry();

        int inside = 0, total = 0;
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < warped.height(); y++) {
            for (int x = 0; x < warped.width(); x++) {
                if (warped.contains(x, y)) {
                    total++;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                    if (x + 0.5 >= g.x() && x + 0.5 <= g.x() + g.width() && y + 0.5 >= g.y() && y + 0.5 <= g.y() + g.height()) {
                        inside++;
                    }
                }
            }
        }
        double fanBox = (double) (x1 - x0 + 1) * (y1 - y0 + 1);
        assertThat((double) inside / total).as("share of the fan inside the crop").isGreaterThan(0.97);
        // a glare spot touching the fan joins it (seen: up to 1.6x); the wall and bezel must not (>= 2.5x)
        assertThat(g.width() * g.height() / fanBox).as("crop area / fan box area").isLessThan(1.8);
    }
}
