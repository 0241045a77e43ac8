package org.gbscan.trainer.phantom;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.trainer.train.TrainCommand;
import org.gbscan.trainer.train.TrainOptions;
import org.gbscan.trainer.train.TrainReport;
import org.gbscan.trainer.train.TrainingException;

/**
 * The small phantom model the demo and the tests run on: trained by our own trainer on a phantom set,
 * once per cache folder, then reused. Small on purpose (ResNet-18 at 96 px, a few epochs) so it trains
 * in a few minutes on 2 cores; it must still be clearly better than chance or it is not handed out.
 * A file lock keeps parallel JVMs from training it twice.
 */
public final class PhantomModels {
    /** Bump when the recipe changes, so an old cached model is not reused. */
    public static final String VERSION = "v2";
    public static final long TRAIN_SEED = 11;
    public static final int TRAIN_PATIENTS = 64;
    public static final int INPUT_SIZE = 96;
    public static final int EPOCHS = 8;
    public static final double MIN_VALIDATION_AUC = 0.7;

    private PhantomModels() {
    }

    /** The model directory under {@code cache}; generates the phantom set and trains on first use. */
    public static Path ensure(Path cache, PrintStream console) {
        Path root = cache.resolve("phantom-" + VERSION);
        return underLock(root, () -> {
            Path model = root.resolve("model");
            if (!Files.exists(root.resolve("model.done"))) {
                train(root, model, console);
            }
            return model;
        });
    }

    /** The phantom set the cached model was trained on. */
    public static Path trainingSet(Path cache) {
        return cache.resolve("phantom-" + VERSION).resolve("train-set");
    }

    /** A phantom set under {@code cache} from another seed, generated once. */
    public static Path heldOutSet(Path cache, int patients, long seed) {
        Path root = cache.resolve("phantom-" + VERSION);
        return underLock(root, () -> {
            Path dir = root.resolve("held-out-" + patients + "-" + seed);
            if (!Files.exists(dir.resolve(".done"))) {
                generate(patients, seed, dir);
                Files.writeString(dir.resolve(".done"), "ok\n");
            }
            return dir;
        });
    }

    /** The recipe: the trainer's defaults, made small and fast. */
    public static TrainOptions.Builder recipe(Path set, Path modelDir) {
        return TrainOptions.builder(set, set.resolve("labels.csv"), modelDir)
                .architecture("resnet").depth(18).inputSize(INPUT_SIZE).epochs(EPOCHS).batchSize(16)
                .lrDecayEvery(6).warmupEpochs(2).validationFraction(0.25).testFraction(0.0)
                .maxFramesPerFile(2).seed(TRAIN_SEED).progressBar(false).modelName("phantom-demo").modelVersion(VERSION);
    }

    private static void train(Path root, Path modelDir, PrintStream console) throws IOException {
        Path set = trainingSetUnder(root);
        if (!Files.exists(root.resolve("train-set.done"))) {
            console.printf("  generating the phantom training set (%d patients, seed %d)%n", TRAIN_PATIENTS, TRAIN_SEED);
            generate(TRAIN_PATIENTS, TRAIN_SEED, set);
            Files.writeString(root.resolve("train-set.done"), "ok\n");
        }
        console.printf("  training the phantom model (%s, once; cached in %s)%n", VERSION, root);
        TrainReport report;
        try {
            report = TrainCommand.run(recipe(set, modelDir).build(), console);
        } catch (TrainingException e) {
            throw new IllegalStateException("the phantom model could not be trained: " + e.getMessage(), e);
        }
        double auc = report.validation().get(0).auc().auc();
        if (!(auc > MIN_VALIDATION_AUC)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the phantom model reached only validation AUC %.3f (needs > %.2f); see %s", auc, MIN_VALIDATION_AUC,
                    report.trainingLog()));
        }
        Files.writeString(root.resolve("model.done"), String.format(Locale.ROOT,
                "validationImageAuc=%.4f%nvalidationPatientAuc=%.4f%nimagesPerSecond=%.1f%nseconds=%.0f%nchosenEpoch=%d%n",
                auc, report.validation().get(1).auc().auc(), report.imagesPerSecond(), report.seconds(), report.chosenEpoch()));
    }

    private static Path trainingSetUnder(Path root) {
        return root.resolve("train-set");
    }

    private static void generate(int patients, long seed, Path out) throws IOException {
        deleteTree(out);
        PhantomGenerator.generate(PhantomOptions.of(patients, seed, out).withThreads(2));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T underLock(Path root, IoSupplier<T> work) {
        synchronized (PhantomModels.class) {
            try {
                Files.createDirectories(root);
                try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    return work.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("phantom model cache " + root + ": " + e.getMessage(), e);
            }
        }
    }
}
