package org.gbscan.trainer.testing;

import org.gbscan.trainer.phantom.PhantomModels;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The small phantom model shared by every test of one build: {@link PhantomModels} (ResNet-18 at 96 px,
 * 8 epochs on 64 phantom patients; validation AUC checked > 0.7) trained once and cached under
 * {@code ${gbscan.repo.root}/target/test-cache/phantom-v1/}; a file lock makes parallel test JVMs wait
 * for the first one instead of training twice.
 *
 * <p>Other modules use it through the trainer's test-jar (plus the trainer itself on the test classpath):
 * {@code <artifactId>gbscan-trainer</artifactId><type>test-jar</type><scope>test</scope>}.
 */
public final class TestModels {
    public static final int INPUT_SIZE = PhantomModels.INPUT_SIZE;
    public static final int HELD_OUT_PATIENTS = 24;
    public static final long HELD_OUT_SEED = 12;

    private TestModels() {
    }

    /** The folder of this build's shared test artefacts. */
    public static Path cacheRoot() {
        return Path.of(System.getProperty("gbscan.repo.root", ".")).toAbsolutePath().normalize().resolve("target/test-cache");
    }

    /** The model directory (weights + model-card.json) of the small phantom model; trains it on first use. */
    public static Path phantomModel() {
        return PhantomModels.ensure(cacheRoot(), new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    /** The phantom set the model was trained on (labels.csv, studies/, masks/). */
    public static Path phantomTrainingSet() {
        phantomModel();
        return PhantomModels.trainingSet(cacheRoot());
    }

    /** A phantom set from another seed that the model never saw (labels.csv, studies/, masks/). */
    public static Path heldOutPhantom() {
        return PhantomModels.heldOutSet(cacheRoot(), HELD_OUT_PATIENTS, HELD_OUT_SEED);
    }

    /** What the training of the cached model reported (validation AUCs, images/s, seconds, chosen epoch). */
    public static String trainingSummary() throws IOException {
        return Files.readString(phantomModel().getParent().resolve("model.done"));
    }
}
