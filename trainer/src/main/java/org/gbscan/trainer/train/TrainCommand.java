package org.gbscan.trainer.train;

import ai.djl.Model;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.Devices;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.DatasetImporter;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.data.ImportSummary;
import org.gbscan.trainer.data.PatientSplit;
import org.gbscan.trainer.eval.LevelMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code gbscan train}: import the export folder and labels, split by patient, preprocess once,
 * train with the study's recipe, choose the checkpoint, measure it on validation and test, and write
 * the model directory (weights + model-card.json). Messages for the user go to {@code console}.
 */
public final class TrainCommand {
    /** Crops larger than this many input sizes per side are shrunk in the cache (phone photos). */
    static final int CACHE_SIDE_FACTOR = 3;

    private TrainCommand() {
    }

    public static TrainReport run(TrainOptions options) throws TrainingException {
        return run(options, System.out);
    }

    public static TrainReport run(TrainOptions options, PrintStream console) throws TrainingException {
        if (options.design().folds() >= 2) {
            EnsembleCommand.EnsembleReport r = EnsembleCommand.run(options, console);
            return new TrainReport(r.modelDir(), null, options.architecture(), options.epochs(), 1, options.epochs(),
                    null, r.crossValidation().threshold(), List.of(r.crossValidation().pooled()), null, Double.NaN,
                    r.seconds(), "", List.of());
        }
        long start = System.nanoTime();
        Architecture architecture;
        try {
            architecture = Architecture.parse(options.architecture());
        } catch (IllegalArgumentException e) {
            throw new TrainingException("unknown architecture '" + options.architecture() + "': use resnet or se-resnet");
        }
        if (!Networks.isSupportedDepth(options.depth())) {
            throw new TrainingException("depth " + options.depth() + " is not built: use 18, 34, 50, 101 or 152");
        }
        Dataset data = importData(options.data(), options.labels(), "training", console);
        PatientSplit.Parts parts = PatientSplit.split(data, options.validationFraction(), options.testFraction(), options.seed());
        Dataset test = parts.test();
        if (options.externalData() != null) {
            test = importData(options.externalData(), options.externalLabels(), "external test", console);
        }
        requireBothClasses(parts.train(), "training");
        requireBothClasses(parts.validation(), "validation");
        console.printf(Locale.ROOT, "Patients: %d train, %d validation, %d test%s%n", parts.train().byPatient().size(),
                parts.validation().byPatient().size(), test.byPatient().size(),
                options.externalData() != null ? " (external)" : "");

        ImageLoader loader = new ImageLoader(options.maxFramesPerFile());
        ModelCard card = ModelCard.forNewModel(options.modelName(), options.modelVersion(), architecture, options.depth(),
                options.inputSize()).withDesign(InputKindCheck.decide(data, loader, options.design().inputKind(), console),
                options.design().stem(), options.design().baseWidth(), options.design().outputStride());
        Preprocessor preprocessor = Preprocessor.of(card);
        int maxSide = CACHE_SIDE_FACTOR * options.inputSize();
        PreparedSet.Variants variants = options.photoSimulation() ? PhotoVariants.create(options.seed(), card.inputKind()) : PreparedSet.Variants.NONE;
        MaskHints hints = MaskHints.open(options, parts.train(), console);
        PreparedSet train = PreparedSet.prepare("train", parts.train(), loader, preprocessor, variants, maxSide, options.progressBar(),
                hints);
        PreparedSet validation = PreparedSet.prepare("validation", parts.validation(), loader, preprocessor,
                PreparedSet.Variants.NONE, maxSide, options.progressBar());
        PreparedSet testSet = PreparedSet.prepare("test", test, loader, preprocessor, PreparedSet.Variants.NONE, maxSide,
                options.progressBar());
        reportUnreadable(console, train, validation, testSet);
        console.printf(Locale.ROOT, "Frames: %d train (%d BA), %d validation, %d test; %s %dpx, batch %d, %d epochs%n",
                train.samples().size(), train.baCount(), validation.samples().size(), testSet.samples().size(),
                card.architectureName(), options.inputSize(), options.batchSize(), options.epochs());

        Path work = options.out().resolve("training");
        Checkpoints checkpoints = new Checkpoints(work);
        TrainingLog log = new TrainingLog(work.resolve("training-log.csv"));
        try (Model model = Networks.newModel(card, Devices.auto())) {
            TrainingLoop.Outcome outcome = new TrainingLoop(options, card, checkpoints, log, console).run(model, train, validation);
            SplitEvaluation evaluation = SplitEvaluation.of(model, card, options.batchSize(), validation, testSet);
            ModelCard finished = hints.record(ModelCardContent.complete(card, options, data.summary(), parts, test, outcome, evaluation),
                    options.localisation());
            ModelDirectory.save(options.out(), model, finished);
            double seconds = (System.nanoTime() - start) / 1e9;
            TrainReport report = new TrainReport(options.out(), log.file(), card.architectureName(), outcome.history().size(),
                    outcome.firstEpoch(), outcome.chosenEpoch(), outcome.rule(), finished.threshold(),
                    evaluation.validation(), evaluation.test(), outcome.imagesPerSecond(), seconds,
                    data.summary().toText(), outcome.history());
            printSummary(console, report);
            return report;
        } catch (IOException e) {
            throw new TrainingException("training output could not be written under " + options.out() + ": " + e.getMessage(), e);
        }
    }

    static Dataset importData(Path folder, Path labels, String what, PrintStream console) throws TrainingException {
        Dataset data;
        try {
            data = new DatasetImporter().importFrom(folder, labels);
        } catch (IOException e) {
            throw new TrainingException("cannot import the " + what + " data: " + e.getMessage(), e);
        }
        ImportSummary s = data.summary();
        console.printf("Import of %s data from %s:%n%s", what, folder, s.toText());
        if (data.images().isEmpty()) {
            throw new TrainingException("no labelled image in " + folder + " matches " + labels
                    + ": check that the CSV's image names are the files' names or paths below the folder");
        }
        return data;
    }

    private static void requireBothClasses(Dataset split, String what) throws TrainingException {
        long ba = split.patientLabels().values().stream().filter(l -> l == org.gbscan.core.Label.BA).count();
        long non = split.patientLabels().size() - ba;
        if (ba == 0 || non == 0) {
            throw new TrainingException("the " + what + " split has " + ba + " BA and " + non
                    + " non-BA patients; it needs both (more patients, or a larger validation fraction)");
        }
    }

    static void reportUnreadable(PrintStream console, PreparedSet... sets) {
        for (PreparedSet s : sets) {
            if (!s.unreadable().isEmpty()) {
                console.printf("%d labelled file(s) could not be decoded and were left out:%n", s.unreadable().size());
                s.unreadable().stream().limit(10).forEach(u -> console.println("  " + u));
            }
        }
    }

    private static void printSummary(PrintStream console, TrainReport r) {
        console.printf(Locale.ROOT, "Chose epoch %d (%s). Model written to %s%n", r.chosenEpoch(),
                r.rule() == CheckpointSelector.Rule.SENSITIVITY_AT_SPECIFICITY_FLOOR
                        ? "best validation BA sensitivity at specificity floor" : "best validation AUC, no epoch reached the specificity floor",
                r.modelDir());
        for (LevelMetrics m : r.validation()) {
            console.println("  validation " + SplitEvaluation.line(m));
        }
        if (r.test() != null) {
            for (LevelMetrics m : r.test()) {
                console.println("  test       " + SplitEvaluation.line(m));
            }
        }
        String speed = Double.isNaN(r.imagesPerSecond()) ? "no epoch run now" : String.format(Locale.ROOT, "%.1f img/s", r.imagesPerSecond());
        console.printf(Locale.ROOT, "Training: %s, %.0f s in all; log %s%n", speed, r.seconds(), r.trainingLog());
    }
}
