package org.gbscan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.gbscan.core.testing.ImageBombs;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a 390 KB PNG declaring 20000x20000 pixels ran the JVM out of heap, and a JPEG header declaring
 * 16384x16384 took 8 s to refuse. The declared size is now checked before any pixel is decoded.
 */
class PhotosTest {
    @Test
    void aPngBombIsRefusedFromItsHeaderBeforeDecoding() {
        byte[] bomb = ImageBombs.png20000();
        assertThat(bomb.length).as("bytes of the bomb").isLessThan(500_000);

        long started = System.nanoTime();
        assertThatThrownBy(() -> Photos.read(bomb, "bomb.png"))
                .isInstanceOfSatisfying(Photos.TooManyPixelsException.class, e -> {
                    assertThat(e.width()).isEqualTo(20_000);
                    assertThat(e.height()).isEqualTo(20_000);
                })
                .hasMessageContaining("bomb.png declares 20000x20000 pixels (400 megapixels)");
        assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse").isLessThan(0.5);
    }

    @Test
    void aJpegHeaderDeclaring16384SquaredIsRefusedAtOnce() {
        byte[] bomb = ImageBombs.jpegDeclaring(16_384); // also loads ImageIO's plugins, outside the timing
        long started = System.nanoTime();
        assertThatThrownBy(() -> Photos.read(bomb, "huge.jpg"))
                .isInstanceOf(Photos.TooManyPixelsException.class).hasMessageContaining("16384x16384");
        assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse").isLessThan(0.5);
    }

    @Test
    void anImageWithinTheCapIsDecodedAndOneAboveACustomCapIsNot() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), "png", png);

        assertThat(Photos.read(png.toByteArray(), "ok.png").frames().get(0).width()).isEqualTo(200);
        assertThatThrownBy(() -> Photos.read(png.toByteArray(), "ok.png", 19_999))
                .isInstanceOf(Photos.TooManyPixelsException.class);
        assertThat(Photos.read(png.toByteArray(), "ok.png", 20_000).frames()).hasSize(1);
    }
}
