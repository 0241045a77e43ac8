package org.gbscan.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.gbscan.core.Frame;
import org.gbscan.core.HeatMap;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class CamOverlayTest {
    private final Frame frame = Fixtures.gradient(Fixtures.instance(Fixtures.study("C1"), SopClass.US_IMAGE, 1), 0, 200, 150,
            PixelFormat.GRAY8);

    @Test
    void keepsTheFrameAtTheTopLeftAndAddsAColourBarOnTheRightAndTheCaptionBelow() {
        BufferedImage image = CamOverlay.render(frame, hotSpot(50, 40), List.of("BA probability 0.91"));
        assertThat(image.getWidth()).isGreaterThan(frame.width());
        assertThat(image.getHeight()).isGreaterThan(frame.height());
        int hot = image.getRGB(50, 40);
        assertThat((hot >> 16) & 0xff).isGreaterThan(hot & 0xff); // red over the hot spot
        int top = image.getRGB(frame.width() + 12, 15), bottom = image.getRGB(frame.width() + 12, frame.height() - 15);
        assertThat((top >> 16) & 0xff).as("bar top is red").isGreaterThan(top & 0xff);
        assertThat(bottom & 0xff).as("bar bottom is blue").isGreaterThan((bottom >> 16) & 0xff);
    }

    @Test
    void encodesAPngOfTheSameImage() throws Exception {
        byte[] png = CamOverlay.png(frame, hotSpot(100, 75), List.of());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(CamOverlay.render(frame, hotSpot(100, 75), List.of()).getWidth());
    }

    @Test
    void mapsLowValuesToBlueAndHighValuesToRed() {
        assertThat(CamOverlay.jet(0.0)).isEqualTo(0x000080);
        assertThat(CamOverlay.jet(1.0)).isEqualTo(0x800000);
        assertThat(CamOverlay.jet(0.5) >> 8 & 0xff).isEqualTo(255);
    }

    @Test
    void refusesAHeatMapOfAnotherSize() {
        assertThatThrownBy(() -> CamOverlay.render(frame, new HeatMap(10, 10, new float[100]), List.of()))
                .hasMessageContaining("does not match");
    }

    private HeatMap hotSpot(int cx, int cy) {
        float[] v = new float[frame.width() * frame.height()];
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                v[y * frame.width() + x] = (float) Math.exp(-d2 / 200.0);
            }
        }
        return new HeatMap(frame.width(), frame.height(), v);
    }
}
