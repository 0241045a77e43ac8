package org.gbscan.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import org.gbscan.inference.model.Devices;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.preprocess.Augmentation;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.eval.BinaryScores;
import org.gbscan.trainer.eval.DeLong;
import org.gbscan.trainer.eval.ScoredImage;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code gbscan train --folds K}: the 2021 paper's ensemble, built so that every figure about it is
 * honest. Patients are dealt into K stratified folds; member k trains on the other folds for a fixed
 * number of epochs (no checkpoint is chosen on data it is measured on) and predicts its own fold. Those
 * out-of-fold predictions give the cross-validation table, the temperature scaling and the card's
 * threshold, and the quality gate's in-distribution statistics. The K members together are the model.
 * A member whose directory and out-of-fold file are complete is not trained again (resume).
 */
final class EnsembleTraining {
    private final TrainOptions options;
    private final PrintStream console;

    EnsembleTraining(TrainOptions options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    /**
     * One member's out-of-fold predictions, one per sample of its fold (the sample order of {@code held}):
     * as the frames are and mirrored left-right, so that test-time flip is measured, not assumed. The
     * photos' predictions are in the design's mode.
     */
    record FoldResult(int fold, List<Sample> held, double[] logitDifference, double[] mirroredLogitDifference,
                      double trainSeconds, double imagesPerSecond, List<Sample> heldPhotos, double[] photoLogitDifference) {

        /** The logit differences a model scores with: with test-time flip, the mean of plain and mirrored. */
        double[] scores(boolean testTimeFlip) {
            return testTimeFlip ? mean(logitDifference, mirroredLogitDifference) : logitDifference;
        }
    }

    static double[] mean(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) / 2;
        }
        return out;
    }

    /** The held-out frames' simulated phone photos, as samples of their own (empty without photo simulation). */
    static List<Sample> photos(List<Sample> held) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : held) {
            for (CachedCrop v : s.variants()) {
                out.add(new Sample(v, List.of(), s.label(), s.imageId(), s.patient()));
            }
        }
        return out;
    }

    /** Trains every member that is not complete yet; returns their out-of-fold predictions in fold order. */
    List<FoldResult> trainMembers(ModelCard card, List<Sample> samples, Map<String, Integer> foldOf, MemberGate gate)
            throws IOException, TrainingException {
        int k = options.design().folds();
        List<FoldResult> results = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            List<Sample> train = new ArrayList<>();
            List<Sample> held = new ArrayList<>();
            for (Sample s : samples) {
                (foldOf.get(s.patient()) == fold ? held : train).add(s);
            }
            OofFile oof = new OofFile(options.out().resolve("training").resolve(memberName(fold) + "-oof.csv"));
            java.nio.file.Path memberDir = options.out().resolve(memberName(fold));
            OofFile.Saved saved = options.resume() ? oof.read(held) : null;
            if (saved != null && java.nio.file.Files.exists(memberDir.resolve(ModelCard.FILE_NAME))) {
                console.printf(Locale.ROOT, "fold %d/%d: complete in %s, not trained again%n", fold + 1, k, memberDir);
                List<Sample> heldPhotos = photos(held);
                double[] mirrored = saved.mirrored();
                if (mirrored == null) { // written before mirrored predictions were kept: predict them once
                    mirrored = predictSaved(memberDir, card, held, true);
                    oof.write(held, saved.plain(), mirrored);
                }
                results.add(new FoldResult(fold, held, saved.plain(), mirrored, 0, Double.NaN, heldPhotos,
                        photoScores(memberDir, card, heldPhotos)));
                continue;
            }
            console.printf(Locale.ROOT, "fold %d/%d: training on %d frames, held out %d frames%n", fold + 1, k, train.size(), held.size());
            results.add(trainMember(card, fold, train, held, memberDir, oof, gate));
        }
        return results;
    }

    /**
     * A complete member's out-of-fold logit differences on its fold's simulated photos (none without photo
     * simulation), in the design's flip mode: lets a finished ensemble be measured on photos without
     * training it again.
     */
    private double[] photoScores(java.nio.file.Path memberDir, ModelCard card, List<Sample> heldPhotos) throws TrainingException {
        if (heldPhotos.isEmpty()) {
            return new double[0];
        }
        double[] plain = predictSaved(memberDir, card, heldPhotos, false);
        return options.design().testTimeFlip() ? mean(plain, predictSaved(memberDir, card, heldPhotos, true)) : plain;
    }

    /** A complete member's logit differences on some samples, mirrored or not. */
    private double[] predictSaved(java.nio.file.Path memberDir, ModelCard card, List<Sample> samples, boolean mirrored)
            throws TrainingException {
        try (org.gbscan.inference.model.ScoringModel member = ModelDirectory.load(memberDir, Devices.auto())) {
            return SplitEvaluation.logitDifferences(member.djlModel(), Preprocessor.of(card), options.batchSize(), samples, mirrored);
        } catch (org.gbscan.inference.model.ModelLoadException e) {
            throw new TrainingException("member " + memberDir + " cannot be loaded to predict its fold: " + e.getMessage(), e);
        }
    }

    static String memberName(int fold) {
        return String.format(Locale.ROOT, "fold-%d", fold + 1);
    }

    private FoldResult trainMember(ModelCard card, int fold, List<Sample> train, List<Sample> held,
                                   java.nio.file.Path memberDir, OofFile oof, MemberGate gate) throws IOException {
        long seed = options.seed() * 31 + fold;
        Engine.getEngine(Networks.ENGINE).setRandomSeed((int) seed);
        Preprocessor preprocessor = Preprocessor.of(card);
        WeightedCrossEntropy loss = new WeightedCrossEntropy(options.classWeights(), (float) options.design().labelSmoothing());
        int batchesPerEpoch = Math.max(1, train.size() / options.batchSize());
        Augmentation augmentation = Augmentation.named(options.design().augmentation());
        try (Model model = Networks.newModel(card, Devices.auto())) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(TrainingLoop.optimizer(options, batchesPerEpoch, 1))
                    .optDevices(new Device[]{model.getNDManager().getDevice()});
            double seconds = 0;
            double speed = 0;
            double[] diff;
            double[] mirrored;
            List<Sample> heldPhotos;
            double[] photoDiff;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(Networks.inputShape(card, options.batchSize()));
                EpochRunner runner = new EpochRunner(trainer, loss, preprocessor, options.batchSize());
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    Random random = new Random(seed * 1_000_003L + epoch);
                    EpochRunner.Pass pass = Progress.epoch(runner,
                            String.format(Locale.ROOT, "fold %d epoch %d/%d", fold + 1, epoch, options.epochs()),
                            options.progressBar(), train, augmentation,
                            options.photoSimulation() ? options.photoProbability() : 0.0, random);
                    seconds += pass.seconds();
                    speed += pass.imagesPerSecond();
                    if (!options.progressBar()) {
                        console.printf(Locale.ROOT, "fold %d epoch %d/%d  loss %.4f  %.1f img/s%n", fold + 1, epoch,
                                options.epochs(), pass.meanLoss(), pass.imagesPerSecond());
                    }
                }
                EpochRunner.Prediction p = runner.predict(held);
                diff = p.logitDifference();
                mirrored = runner.predict(held, true).logitDifference();
                heldPhotos = photos(held);
                photoDiff = heldPhotos.isEmpty() ? new double[0] : runner.predict(heldPhotos).logitDifference();
                if (!heldPhotos.isEmpty() && options.design().testTimeFlip()) {
                    photoDiff = mean(photoDiff, runner.predict(heldPhotos, true).logitDifference());
                }
                BinaryScores scores = TrainingLoop.scores(held, p.baProbability());
                if (scores.positives() > 0 && scores.negatives() > 0) {
                    console.printf(Locale.ROOT, "fold %d: held-out frame AUC %.3f%n", fold + 1, DeLong.aucOnly(scores));
                }
            }
            ModelCard member = card.withTrainingData(Map.of("fold", fold + 1, "of", options.design().folds(),
                    "trainFrames", train.size(), "heldOutFrames", held.size()));
            QualityGateFit.Fitted fitted = gate == null ? null : gate.fit(model, member, train, held);
            if (fitted != null) {
                member = member.withQualityGate(fitted.description());
            }
            if (fitted != null) {
                // before the card (which save writes last): a card that names the gate must find its file
                java.nio.file.Files.createDirectories(memberDir);
                fitted.writer().accept(memberDir);
            }
            ModelDirectory.save(memberDir, model, member);
            oof.write(held, diff, mirrored);
            return new FoldResult(fold, held, diff, mirrored, seconds, speed / options.epochs(), heldPhotos, photoDiff);
        }
    }

    /** Fits a member's quality gate from its training frames and its held-out frames. */
    interface MemberGate {
        QualityGateFit.Fitted fit(Model model, ModelCard card, List<Sample> train, List<Sample> held);
    }

    /** Out-of-fold images (one score per image file: the mean over its frames), calibrated. */
    static List<ScoredImage> images(List<Sample> samples, double[] probability) {
        return SplitEvaluation.images(samples, probability);
    }
}
