package org.gbscan.trainer.train;

import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.data.PatientSplit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flow of {@code gbscan train --folds K}: import, input kind, one preprocessing pass over every
 * image, folds, members ({@link EnsembleTraining}), then the cross-validation that sets the card's
 * calibration and threshold, and the ensemble's card. The model directory holds one sub-directory per
 * member and a card that lists them; {@code cv.md} beside it is the cross-validation table.
 */
final class EnsembleCommand {
    private EnsembleCommand() {
    }

    static EnsembleReport run(TrainOptions options, PrintStream console) throws TrainingException {
        long start = System.nanoTime();
        Dataset data = TrainCommand.importData(options.data(), options.labels(), "training", console);
        ImageLoader loader = new ImageLoader(options.maxFramesPerFile());
        InputKind kind = InputKindCheck.decide(data, loader, options.design().inputKind(), console);
        ModelCard card = ModelCard.forNewModel(options.modelName(), options.modelVersion(),
                        Architecture.parse(options.architecture()), options.depth(), options.inputSize())
                .withDesign(kind, options.design().stem(), options.design().baseWidth(), options.design().outputStride())
                .withTestTimeFlip(options.design().testTimeFlip());
        Preprocessor preprocessor = Preprocessor.of(card);
        PreparedSet.Variants variants = options.photoSimulation() ? PhotoVariants.create(options.seed(), kind) : PreparedSet.Variants.NONE;
        PreparedSet all = PreparedSet.prepare("images", data, loader, preprocessor, variants,
                TrainCommand.CACHE_SIDE_FACTOR * options.inputSize(), options.progressBar());
        TrainCommand.reportUnreadable(console, all);
        Map<String, Integer> folds = PatientSplit.folds(data, options.design().folds(), options.seed());
        console.printf(Locale.ROOT, "%d frames of %d patients (%d BA frames), %s input, %s %dpx width %d, %d folds x %d epochs%n",
                all.samples().size(), folds.size(), all.baCount(), kind.code(), card.architectureName(), card.inputSize(),
                card.baseWidth(), options.design().folds(), options.epochs());
        try {
            List<EnsembleTraining.FoldResult> results = new EnsembleTraining(options, console)
                    .trainMembers(card, all.samples(), folds, QualityGateFit.forMembers());
            CrossValidation cv = CrossValidation.of(results, options.design().targetSensitivity(), options.design().testTimeFlip());
            List<String> members = new ArrayList<>();
            for (int i = 0; i < options.design().folds(); i++) {
                members.add(EnsembleTraining.memberName(i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard ensemble = card.withMembers(members)
                    .withTemperature(cv.calibration().temperature())
                    .withLogitBias(cv.calibration().bias())
                    .withThreshold(cv.threshold())
                    .withTrainingData(trainingData(options, data, kind, seconds))
                    .withMetrics(cv.toCard(options.design().targetSensitivity()));
            writeCard(options.out(), ensemble);
            Files.writeString(options.out().resolve("cv.md"), cv.table(), StandardCharsets.UTF_8);
            console.print(cv.table());
            console.printf(Locale.ROOT, "Ensemble of %d written to %s in %.0f s%n", members.size(), options.out(), seconds);
            return new EnsembleReport(options.out(), cv, seconds);
        } catch (IOException e) {
            throw new TrainingException("training output could not be written under " + options.out() + ": " + e.getMessage(), e);
        }
    }

    /** What {@code train --folds} leaves: the directory, its cross-validation and the time it took. */
    record EnsembleReport(Path modelDir, CrossValidation crossValidation, double seconds) {
    }

    private static void writeCard(Path dir, ModelCard card) throws IOException {
        Path tmp = dir.resolve(ModelCard.FILE_NAME + ".tmp");
        Files.writeString(tmp, card.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(ModelCard.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> trainingData(TrainOptions o, Dataset data, InputKind kind, double seconds) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", o.data().toString());
        d.put("labels", o.labels().toString());
        d.put("labelledImages", data.summary().matched());
        d.put("baImages", data.summary().baImages());
        d.put("nonBaImages", data.summary().nonBaImages());
        d.put("baPatients", data.summary().baPatients());
        d.put("nonBaPatients", data.summary().nonBaPatients());
        d.put("inputKind", kind.code());
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("name", o.design().recipe().isEmpty() ? "custom" : o.design().recipe());
        recipe.put("folds", o.design().folds());
        recipe.put("foldSeed", o.seed());
        recipe.put("epochs", o.epochs());
        recipe.put("batchSize", o.batchSize());
        recipe.put("optimizer", o.optimizer().name());
        recipe.put("learningRate", o.learningRate());
        recipe.put("schedule", o.design().schedule().name());
        recipe.put("weightDecay", o.weightDecay());
        recipe.put("classWeights", List.of(o.classWeights()[0], o.classWeights()[1]));
        recipe.put("labelSmoothing", o.design().labelSmoothing());
        recipe.put("augmentation", o.design().augmentation() + (o.photoSimulation() ? " + phone-photo simulation" : ""));
        recipe.put("testTimeFlip", o.design().testTimeFlip());
        recipe.put("checkpoint", "last epoch of a fixed budget (no selection on measured data)");
        d.put("training", recipe);
        d.put("trainingSeconds", Math.round(seconds));
        d.put("intendedUse", "research use only, not for diagnosis");
        return d;
    }
}
