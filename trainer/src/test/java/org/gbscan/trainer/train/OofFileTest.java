package org.gbscan.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member's out-of-fold file: both flip modes round-trip, an older file without the mirrored column still reads. */
class OofFileTest {
    @TempDir
    Path dir;

    private static final List<Sample> HELD = List.of(sample("p1_a.jpg", "p1"), sample("p2_b.jpg", "p2"));

    @Test
    void keepsPlainAndMirroredPredictions() throws Exception {
        OofFile file = new OofFile(dir.resolve("fold-1-oof.csv"));
        file.write(HELD, new double[] {1.25, -0.5}, new double[] {1.0, -0.75});

        OofFile.Saved saved = file.read(HELD);

        assertThat(saved.plain()).containsExactly(1.25, -0.5);
        assertThat(saved.mirrored()).containsExactly(1.0, -0.75);
        assertThat(EnsembleTraining.mean(saved.plain(), saved.mirrored())).containsExactly(1.125, -0.625);
    }

    @Test
    void readsAFileWrittenBeforeTheMirroredColumn() throws Exception {
        Path path = Files.writeString(dir.resolve("fold-1-oof.csv"), "image,logit_difference\np1_a.jpg,0.5\np2_b.jpg,-2\n");

        OofFile.Saved saved = new OofFile(path).read(HELD);

        assertThat(saved.plain()).containsExactly(0.5, -2.0);
        assertThat(saved.mirrored()).as("to be predicted again from the saved member").isNull();
    }

    @Test
    void aFileOfOtherFramesIsNotReused() throws Exception {
        OofFile file = new OofFile(dir.resolve("fold-1-oof.csv"));
        file.write(HELD, new double[] {1, 2}, new double[] {1, 2});

        assertThat(file.read(List.of(sample("p1_a.jpg", "p1"), sample("p3_c.jpg", "p3")))).isNull();
        assertThat(file.read(List.of(sample("p1_a.jpg", "p1")))).isNull();
    }

    private static Sample sample(String image, String patient) {
        return new Sample(null, List.of(), 0, image, patient);
    }
}
