package org.gbscan.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @Option(names = "--arch", defaultValue = "se-resnet", description = "se-resnet | resnet (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--depth", defaultValue = "18", description = "18, 34, 50, 101 or 152 (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--input-size", defaultValue = "128", description = "Model input size in pixels (study: 224; default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--epochs", defaultValue = "12", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for split, augmentation and initial weights.")
    long seed;

    @Option(names = "--optimizer", defaultValue = "SGD", description = "SGD (study recipe) or ADAM.")
    TrainOptions.OptimizerKind optimizer;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

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

    @Option(names = "--name", defaultValue = "gbscan-ba", description = "Model name written into the card.")
    String name;

    @Option(names = "--version", defaultValue = "1.0", description = "Model version written into the card.")
    String version;

    @Override
    public Integer call() throws Exception {
        TrainOptions.Builder options = TrainOptions.builder(data, labels, out).architecture(arch).depth(depth)
                .inputSize(inputSize).epochs(epochs).batchSize(batch).seed(seed).optimizer(optimizer)
                .learningRate(learningRate).photoSimulation(photos).modelName(name).modelVersion(version)
                .localisation(new LocalisationHints(masks, maskPatients, maskLossWeight));
        if (externalData != null || externalLabels != null) {
            if (externalData == null || externalLabels == null) {
                throw new IllegalArgumentException("--external-data and --external-labels go together");
            }
            options.externalTest(externalData, externalLabels);
        }
        TrainReport report = org.gbscan.trainer.train.TrainCommand.run(options.build(), System.out);
        System.out.printf(Locale.ROOT, "model written to %s (epoch %d of %d, %s, threshold %.3f, %.1f images/s)%n",
                report.modelDir(), report.chosenEpoch(), report.epochsRun(), report.rule(), report.threshold(),
                report.imagesPerSecond());
        return 0;
    }
}
