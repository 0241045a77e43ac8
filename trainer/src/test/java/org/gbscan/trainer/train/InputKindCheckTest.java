package org.gbscan.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.gbscan.inference.model.InputKind;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.DatasetImporter;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model prepares its inputs one way, so a training set is one kind: B-mode frames or gallbladder regions. */
class InputKindCheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void refusesASetThatMixesFramesAndRegionCropsAndNamesExamplesOfEach() throws Exception {
        Dataset mixed = mixedSet();

        assertThatThrownBy(() -> InputKindCheck.decide(mixed, new ImageLoader(1), null, out()))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("mixes 1 B-mode frame(s)")
                .hasMessageContaining("2 gallbladder region image(s)")
                .hasMessageContaining("crop-1.jpg")
                .hasMessageContaining("--input-kind");
    }

    @Test
    void detectsRegionCropsAndLetsTheUserSayTheKindWithAWarning() throws Exception {
        Dataset mixed = mixedSet();
        Dataset crops = mixed.subset(mixed.images().stream().filter(i -> i.id().startsWith("crop")).toList());

        assertThat(InputKindCheck.decide(crops, new ImageLoader(1), null, out())).isEqualTo(InputKind.ROI);
        assertThat(InputKindCheck.decide(mixed, new ImageLoader(1), InputKind.ROI, out())).isEqualTo(InputKind.ROI);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("1 image(s) look like frame images");
    }

    private Dataset mixedSet() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path frame;
        try (Stream<Path> files = Files.walk(TestModels.heldOutPhantom().resolve("studies"))) {
            frame = files.filter(f -> f.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
        }
        Files.copy(frame, data.resolve("frame-1.dcm"));
        crop(data.resolve("crop-1.jpg"), 1);
        crop(data.resolve("crop-2.jpg"), 2);
        Path labels = Files.writeString(dir.resolve("labels.csv"), "frame-1.dcm,0\ncrop-1.jpg,1\ncrop-2.jpg,0\n");
        return new DatasetImporter().importFrom(data, labels);
    }

    private static void crop(Path file, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(60, 60, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                img.getRaster().setSample(x, y, 0, 60 + random.nextInt(120));
            }
        }
        ImageIO.write(img, "jpg", file.toFile());
    }

    private PrintStream out() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }
}
