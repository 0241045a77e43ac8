package org.gbscan.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.preprocess.Augmentation;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.eval.BinaryScores;
import org.gbscan.trainer.eval.ConfusionMatrix;
import org.gbscan.trainer.eval.DeLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The epochs: train with augmentation, validate, log, keep the checkpoints the selection rule needs,
 * and save the last weights each epoch so an interrupted run resumes where it stopped (the optimizer's
 * momentum starts again from zero on resume: DJL does not save it).
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /** The validation operating point during training: the arg-max class (P(BA) >= 0.5). */
    static final double ARGMAX_THRESHOLD = 0.5;

    private final TrainOptions options;
    private final ModelCard card;
    private final Checkpoints checkpoints;
    private final TrainingLog log;
    private final PrintStream console;

    TrainingLoop(TrainOptions options, ModelCard card, Checkpoints checkpoints, TrainingLog log, PrintStream console) {
        this.options = options;
        this.card = card;
        this.checkpoints = checkpoints;
        this.log = log;
        this.console = console;
    }

    /** What the loop leaves behind: the model holding the chosen weights, and the epoch history. */
    record Outcome(int firstEpoch, int chosenEpoch, CheckpointSelector.Rule rule, List<EpochResult> history,
                   double imagesPerSecond) {
    }

    /** Trains {@code model} (built for the card, on its device) in place; on return it holds the chosen weights. */
    Outcome run(Model model, PreparedSet train, PreparedSet validation) throws IOException, TrainingException {
        Engine.getEngine(Networks.ENGINE).setRandomSeed((int) options.seed());
        Preprocessor preprocessor = Preprocessor.of(card);
        int batchesPerEpoch = Math.max(1, train.samples().size() / options.batchSize());
        CheckpointSelector selector = new CheckpointSelector(options.warmupEpochs(), options.specificityFloor());
        int firstEpoch = 1;
        List<EpochResult> history = new ArrayList<>();
        Model m = model;
        WeightedCrossEntropy loss = new WeightedCrossEntropy(options.classWeights(), (float) options.design().labelSmoothing());
        boolean resumed = false;
        if (options.resume() && checkpoints.lastEpoch().isPresent()) {
            int last = checkpoints.lastEpoch().getAsInt();
            log.truncate(last);
            history.addAll(log.read());
            selector.replay(history, options.epochs());
            firstEpoch = last + 1;
            resumed = true;
        } else {
            log.truncate(0);
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer(batchesPerEpoch, firstEpoch))
                .optDevices(new Device[]{m.getNDManager().getDevice()});
        try (Trainer trainer = m.newTrainer(config)) {
            trainer.initialize(Networks.inputShape(card, options.batchSize()));
            if (resumed) {
                checkpoints.load(Checkpoints.LAST, m.getBlock(), m.getNDManager());
                console.printf(Locale.ROOT, "Resuming after epoch %d from %s%n", firstEpoch - 1, checkpoints.dir());
            }
            EpochRunner runner = new EpochRunner(trainer, loss, preprocessor, options.batchSize());
            if (options.localisation().enabled()) {
                runner.withLocalisation(LocalisationLoss.of(trainer, options.localisation().weight(), card.inputSize()));
            }
            Augmentation augmentation = Augmentation.named(options.design().augmentation());
            double speedSum = 0;
            int speedEpochs = 0;
            for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
                EpochResult r = epoch(runner, augmentation, train, validation, epoch);
                history.add(r);
                speedSum += r.imagesPerSecond();
                speedEpochs++;
                log.append(r);
                CheckpointSelector.Verdict verdict = selector.offer(r, options.epochs());
                if (verdict == CheckpointSelector.Verdict.NEW_BEST_BY_RULE || verdict == CheckpointSelector.Verdict.BOTH) {
                    checkpoints.save(Checkpoints.BEST_RULE, m.getBlock());
                }
                if (verdict == CheckpointSelector.Verdict.NEW_BEST_AUC || verdict == CheckpointSelector.Verdict.BOTH) {
                    checkpoints.save(Checkpoints.BEST_AUC, m.getBlock());
                }
                checkpoints.saveLast(m.getBlock(), epoch);
                console.printf(Locale.ROOT, "epoch %d/%d  lr %.2g  loss %.4f  %.1f img/s  val loss %.4f  val AUC %.3f  sens %.3f  spec %.3f%s%n",
                        epoch, options.epochs(), r.learningRate(), r.trainLoss(), r.imagesPerSecond(), r.validationLoss(),
                        r.validationAuc(), r.validationSensitivity(), r.validationSpecificity(), marker(verdict));
            }
            EpochResult chosen = selector.chosen();
            if (chosen == null) {
                throw new TrainingException("no epoch to choose from: training ran no epoch after warm-up");
            }
            String name = selector.chosenRule() == CheckpointSelector.Rule.SENSITIVITY_AT_SPECIFICITY_FLOOR
                    ? Checkpoints.BEST_RULE : Checkpoints.BEST_AUC;
            checkpoints.load(name, m.getBlock(), m.getNDManager());
            LOG.info("chose epoch {} by {}", chosen.epoch(), selector.chosenRule());
            return new Outcome(firstEpoch, chosen.epoch(), selector.chosenRule(), history,
                    speedEpochs == 0 ? Double.NaN : speedSum / speedEpochs);
        }
    }

    private EpochResult epoch(EpochRunner runner, Augmentation augmentation, PreparedSet train, PreparedSet validation, int epoch) {
        // A seed per epoch: a resumed run shuffles and augments exactly as an uninterrupted one would.
        Random random = new Random(options.seed() * 1_000_003L + epoch);
        float lr = schedule().at(epoch);
        EpochRunner.Pass pass = Progress.epoch(runner, String.format(Locale.ROOT, "epoch %d/%d", epoch, options.epochs()), options.progressBar(),
                train.samples(), augmentation, options.photoSimulation() ? options.photoProbability() : 0.0, random);
        long start = System.nanoTime();
        EpochRunner.Prediction p = runner.predict(validation.samples());
        BinaryScores scores = scores(validation.samples(), p.baProbability());
        double auc = scores.positives() > 0 && scores.negatives() > 0 ? DeLong.aucOnly(scores) : Double.NaN;
        ConfusionMatrix cm = ConfusionMatrix.atThreshold(scores, ARGMAX_THRESHOLD);
        double seconds = pass.seconds() + (System.nanoTime() - start) / 1e9;
        return new EpochResult(epoch, lr, pass.meanLoss(), pass.imagesPerSecond(), p.meanLoss(), auc,
                cm.sensitivity().value(), cm.specificity().value(), seconds);
    }

    static BinaryScores scores(List<Sample> samples, double[] baProbability) {
        boolean[] ba = new boolean[samples.size()];
        for (int i = 0; i < ba.length; i++) {
            ba[i] = samples.get(i).ba();
        }
        return new BinaryScores(baProbability, ba);
    }

    private LearningRateSchedule schedule() {
        return schedule(options);
    }

    /** The schedule the options ask for. */
    static LearningRateSchedule schedule(TrainOptions options) {
        return new LearningRateSchedule(options.learningRate(), options.lrDecayFactor(), options.lrDecayEvery(),
                options.design().schedule(), options.epochs());
    }

    private Optimizer optimizer(int batchesPerEpoch, int firstEpoch) {
        return optimizer(options, batchesPerEpoch, firstEpoch);
    }

    /** The optimizer the options ask for, with their learning-rate schedule. */
    static Optimizer optimizer(TrainOptions options, int batchesPerEpoch, int firstEpoch) {
        Tracker lr = schedule(options).tracker(batchesPerEpoch, firstEpoch);
        return switch (options.optimizer()) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum(options.momentum())
                    .optWeightDecays(options.weightDecay()).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(options.weightDecay()).build();
        };
    }

    private static String marker(CheckpointSelector.Verdict v) {
        return switch (v) {
            case NONE -> "";
            case NEW_BEST_BY_RULE -> "  * best sensitivity at specificity floor";
            case NEW_BEST_AUC -> "  * best AUC";
            case BOTH -> "  * best by rule and AUC";
        };
    }
}
