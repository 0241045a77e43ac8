package org.gbscan.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.Stem;
import org.gbscan.trainer.train.Recipes;
import org.gbscan.trainer.train.LocalisationHints;
import org.gbscan.trainer.train.TrainOptions;
import org.gbscan.trainer.train.TrainReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains a model directory from exported studies and a label CSV (the study's recipe by default). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from exported studies/photos and a label CSV (0 = BA, 1 = non-BA).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Folder of exported studies (any depth) and/or photos.")
    Path data;

    @Option(names = "--labels", required = true, description = "Label CSV: Image_name,Label,Patient_name (header) or file,label.")
    Path labels;

    @Option(names = "--out", required = true, description = "Model directory to write (resumes if a checkpoint is there).")
    Path out;

    @Option(names = "--recipe", description = "Named recipe whose options apply first: ba2021 (the study's published "
            + "gallbladder crops: 5-fold ensemble, region input) or study (the published single-model recipe).")
    String recipe;

    @Option(names = "--arch", description = "se-resnet | resnet (default: se-resnet).")
    String arch;

    @Option(names = "--depth", description = "18, 34, 50, 101 or 152 (default: 18).")
    Integer depth;

    @Option(names = "--input-size", description = "Model input size in pixels (study: 224; default: 128).")
    Integer inputSize;

    @Option(names = "--input-kind", description = "frame (B-mode screen, cropped to the fan) or roi (gallbladder region, "
            + "used whole); default: detected from the images.")
    String inputKind;

    @Option(names = "--stem", description = "imagenet or compact (3x3 stride-1 first layer for small inputs; default: imagenet).")
    String stem;

    @Option(names = "--width", description = "Channels of the first stage, doubled per stage (default: 64).")
    Integer width;

    @Option(names = "--output-stride", description = "32, or 16 / 8 for dilated last stages and finer heat maps (default: 16;"
            + " a --recipe keeps its own, 32).")
    Integer outputStride;

    @Option(names = "--epochs", description = "Epochs (default: 20).")
    Integer epochs;

    @Option(names = "--batch", description = "Batch size (default: 32).")
    Integer batch;

    @Option(names = "--seed", description = "Seed for split, folds, augmentation and initial weights (default: 7).")
    Long seed;

    @Option(names = "--optimizer", description = "SGD (study recipe) or ADAM.")
    TrainOptions.OptimizerKind optimizer;

    @Option(names = "--lr", description = "Learning rate (default: 0.01).")
    Float learningRate;

    @Option(names = "--schedule", description = "step (x0.1 every 35%% of the epochs, as the study) or cosine.")
    TrainOptions.Schedule schedule;

    @Option(names = "--augment", description = "study or sites (adds gain, gamma, blur, noise, rotation: scanner differences).")
    String augment;

    @Option(names = "--folds", description = "K >= 2: K patient-level folds kept as an ensemble, with out-of-fold "
            + "calibration and threshold; 0: one model with a validation split (default: 0).")
    Integer folds;

    @Option(names = "--target-sensitivity", description = "Ensemble threshold: the highest whose out-of-fold patient "
            + "sensitivity reaches this (default: 0.90).")
    Double targetSensitivity;

    @Option(names = "--test-time-flip", negatable = true, description = "With --folds: the ensemble also scores every "
            + "input mirrored left-right and averages the logits (calibration and threshold are fitted that way); "
            + "the cross-validation reports both modes.")
    Boolean testTimeFlip;

    @Option(names = "--photos", description = "Also augment with simulated phone photos of the screen.")
    boolean photos;

    @Option(names = {"--external-data"}, description = "Fixed external test folder (with --external-labels).")
    Path externalData;

    @Option(names = {"--external-labels"}, description = "Label CSV of the external test folder.")
    Path externalLabels;

    @Option(names = "--masks", description = "Finding masks (the phantom's masks/ layout) for localisation hints; "
            + "also where the prior finding point is read (default: DATA/masks if present).")
    Path masks;

    @Option(names = "--mask-patients", defaultValue = "0",
            description = "Share 0..1 of the training patients whose masks train the class map (seeded; default: ${DEFAULT-VALUE}).")
    double maskPatients;

    @Option(names = "--mask-loss-weight", defaultValue = "" + LocalisationHints.DEFAULT_WEIGHT,
            description = "Weight of the class-map localisation term (default: ${DEFAULT-VALUE}).")
    double maskLossWeight;

    @Option(names = "--name", description = "Model name written into the card.")
    String name;

    @Option(names = "--version", defaultValue = "1.0", description = "Model version written into the card.")
    String version;

    @Option(names = "--no-progress", description = "Print a line per epoch instead of progress bars.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        TrainOptions built = options();
        TrainReport report = org.gbscan.trainer.train.TrainCommand.run(built, System.out);
        if (built.design().folds() >= 2) {
            System.out.printf(Locale.ROOT, "ensemble written to %s (threshold %.3f, %.0f s)%n", report.modelDir(),
                    report.threshold(), report.seconds());
            return 0;
        }
        System.out.printf(Locale.ROOT, "model written to %s (epoch %d of %d, %s, threshold %.3f, %.1f images/s)%n",
                report.modelDir(), report.chosenEpoch(), report.epochsRun(), report.rule(), report.threshold(),
                report.imagesPerSecond());
        return 0;
    }

    /** The training options this command line asks for: the named recipe's, then the explicit options over them. */
    TrainOptions options() {
        TrainOptions.Builder options = TrainOptions.builder(data, labels, out);
        if (recipe != null) {
            Recipes.apply(recipe, options);
        }
        applyExplicit(options);
        if (externalData != null || externalLabels != null) {
            if (externalData == null || externalLabels == null) {
                throw new IllegalArgumentException("--external-data and --external-labels go together");
            }
            options.externalTest(externalData, externalLabels);
        }
        return options.build();
    }

    /**
     * Without a named recipe, a dilated last stage (output stride 16): measured on the phantom (README, "What the
     * heat maps show") it raised the patient AUC from 0.917 to 0.956 and the layer-3 pointing game from 45% to 67%
     * against stride 32. A named recipe keeps the stride it was measured with, unless masks train (the
     * localisation term needs the finer class map).
     */
    static final int DEFAULT_OUTPUT_STRIDE = 16;

    private int defaultOutputStride(TrainOptions.Design d) {
        if (d.outputStride() != 32) {
            return d.outputStride();
        }
        if (recipe == null) {
            return DEFAULT_OUTPUT_STRIDE;
        }
        return maskPatients > 0 ? LocalisationHints.DEFAULT_OUTPUT_STRIDE : d.outputStride();
    }

    /** The options given on the command line, over the recipe's. */
    private void applyExplicit(TrainOptions.Builder b) {
        if (arch != null) b.architecture(arch);
        if (depth != null) b.depth(depth);
        if (inputSize != null) b.inputSize(inputSize);
        if (epochs != null) b.epochs(epochs);
        if (batch != null) b.batchSize(batch);
        if (seed != null) b.seed(seed);
        if (optimizer != null) b.optimizer(optimizer);
        if (learningRate != null) b.learningRate(learningRate);
        if (name != null) b.modelName(name);
        b.modelVersion(version).photoSimulation(photos).progressBar(!noProgress)
                .localisation(new LocalisationHints(masks, maskPatients, maskLossWeight));
        TrainOptions.Design d = b.build().design();
        b.design(new TrainOptions.Design(folds != null ? folds : d.folds(),
                inputKind != null ? InputKind.parse(inputKind) : d.inputKind(),
                stem != null ? Stem.parse(stem) : d.stem(),
                width != null ? width : d.baseWidth(),
                outputStride != null ? outputStride : defaultOutputStride(d),
                schedule != null ? schedule : d.schedule(),
                augment != null ? augment : d.augmentation(),
                targetSensitivity != null ? targetSensitivity : d.targetSensitivity(),
                d.labelSmoothing(), d.recipe(), testTimeFlip != null ? testTimeFlip : d.testTimeFlip()));
    }
}
