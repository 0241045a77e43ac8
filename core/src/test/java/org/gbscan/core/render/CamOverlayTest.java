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
        int s = CamOverlay.scaleFor(frame.width(), frame.height());
        int w = frame.width() * s, h = frame.height() * s;
        assertThat(image.getWidth()).isGreaterThan(w);
        assertThat(image.getHeight()).isGreaterThan(h);
        int hot = image.getRGB(50 * s, 40 * s);
        assertThat((hot >> 16) & 0xff).isGreaterThan(hot & 0xff); // red over the hot spot
        int top = image.getRGB(w + 14, 30), bottom = image.getRGB(w + 14, h - 30);
        assertThat((top >> 16) & 0xff).as("bar top is red").isGreaterThan(top & 0xff);
        assertThat(bottom & 0xff).as("bar bottom, below the floor, is grey").isEqualTo((bottom >> 16) & 0xff);
    }

    @Test
    void leavesTheImageUntouchedWhereTheHeatIsBelowTheFloor() {
        BufferedImage image = CamOverlay.render(frame, hotSpot(50, 40), List.of());
        int s = CamOverlay.scaleFor(frame.width(), frame.height());
        int far = image.getRGB(190 * s, 140 * s);
        int grey = frame.luminance(190, 140);
        assertThat(far & 0xffffff).isEqualTo((grey << 16) | (grey << 8) | grey);
    }

    @Test
    void enlargesASmallCropAndWrapsALongCaptionInsteadOfCuttingIt() {
        Frame crop = Fixtures.gradient(Fixtures.instance(Fixtures.study("C2"), SopClass.US_IMAGE, 1), 0, 60, 60, PixelFormat.GRAY8);
        HeatMap flat = new HeatMap(60, 60, new float[3600]);
        String longLine = "BA probability 0.734 (biliary atresia suspected at threshold 0.412) gbscan-ba2021 1.0 ResNet-18";

        BufferedImage one = CamOverlay.render(crop, flat, List.of("short"));
        BufferedImage wrapped = CamOverlay.render(crop, flat, List.of(longLine));

        assertThat(CamOverlay.scaleFor(60, 60)).isEqualTo(6);
        assertThat(one.getWidth()).isGreaterThan(360);
        assertThat(wrapped.getWidth()).isEqualTo(one.getWidth());
        assertThat(wrapped.getHeight()).as("the long caption takes more lines").isGreaterThan(one.getHeight());
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
