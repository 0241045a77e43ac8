package org.gbscan.trainer.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@code gbscan train} can be told. Defaults follow the study's recipe (class weights [5, 1],
 * SGD lr 0.01, momentum 0.9, weight decay 5e-4, lr x0.1 in steps; checkpoint by BA sensitivity at
 * specificity >= 0.85 after warm-up) scaled to a CPU: SE-ResNet-18 at 128 px, batch 32, 20 epochs, decay every 35% of them
 * (the study: SE-ResNet-152 at 224 px, batch 64, 100 epochs, decay every 35), 2 frames per cine loop.
 *
 * @param data              folder of exported studies and/or photos
 * @param labels            label CSV (either study format)
 * @param out               model directory to write
 * @param externalData      optional fixed external test folder (then no internal test split); null if none
 * @param externalLabels    its label CSV; null if none
 * @param warmupEpochs      epochs before checkpoints are eligible (the study: 30 of 100)
 * @param photoSimulation   also train on simulated phone photos of the training images
 * @param photoProbability  chance that a sample is replaced by one of its simulated photos
 * @param maxFramesPerFile  frames decoded from a cine loop (evenly spaced)
 * @param resume            continue from the last checkpoint in {@code out/training} when there is one
 * @param progressBar       draw a terminal progress bar per epoch (off in tests)
 * @param localisation      finding masks that pull the class map toward the finding ({@link LocalisationHints#NONE}: off)
 */
public record TrainOptions(Path data, Path labels, Path out, Path externalData, Path externalLabels,
                           String architecture, int depth, int inputSize, int epochs, int batchSize, long seed,
                           OptimizerKind optimizer, float learningRate, float momentum, float weightDecay,
                           int lrDecayEvery, float lrDecayFactor, float[] classWeights,
                           double validationFraction, double testFraction, int warmupEpochs, double specificityFloor,
                           boolean photoSimulation, double photoProbability, int maxFramesPerFile,
                           boolean resume, boolean progressBar, String modelName, String modelVersion, Design design,
                           LocalisationHints localisation) {

    public enum OptimizerKind { SGD, ADAM }

    /** How the learning rate falls: the study's steps (x factor every {@code lrDecayEvery}), or a cosine to zero. */
    public enum Schedule { STEP, COSINE }

    /**
     * What goes beyond the study's single-model recipe.
     *
     * @param folds             0: one model with a validation split (the study's way); K >= 2: K patient-level
     *                          folds, each member trained on the others and measured on its own, kept as an ensemble
     * @param inputKind         null: detected from the images
     * @param augmentation      "study" or "sites" ({@link org.gbscan.inference.preprocess.Augmentation#named})
     * @param targetSensitivity the card's threshold is the highest whose out-of-fold patient sensitivity reaches this
     * @param recipe            the named recipe these options came from, or "" for none
     * @param testTimeFlip      the ensemble scores each input and its mirror (ensembles only)
     */
    public record Design(int folds, org.gbscan.inference.model.InputKind inputKind, org.gbscan.inference.model.Stem stem,
                         int baseWidth, int outputStride, Schedule schedule, String augmentation, double targetSensitivity,
                         double labelSmoothing, String recipe, boolean testTimeFlip) {
        public Design {
            if (folds == 1 || folds < 0 || folds > 20) {
                throw new IllegalArgumentException("folds must be 0 (single model) or 2..20, got " + folds);
            }
            Objects.requireNonNull(stem, "stem");
            Objects.requireNonNull(schedule, "schedule");
            org.gbscan.inference.preprocess.Augmentation.named(augmentation);
            if (!(targetSensitivity > 0 && targetSensitivity < 1) || !(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
                throw new IllegalArgumentException("target sensitivity must be within (0,1) and label smoothing within 0..<0.5");
            }
            recipe = recipe == null ? "" : recipe;
            if (testTimeFlip && folds == 0) {
                // a single model's threshold and calibration come from unflipped validation scores
                throw new IllegalArgumentException("test-time flip needs an ensemble (--folds K): its calibration is fitted on out-of-fold flipped scores");
            }
        }

        public static Design study() {
            return new Design(0, null, org.gbscan.inference.model.Stem.IMAGENET, 64, 32, Schedule.STEP, "study", 0.90, 0.0, "", false);
        }
    }

    public TrainOptions {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(out, "out");
        if ((externalData == null) != (externalLabels == null)) {
            throw new IllegalArgumentException("an external test set needs both its folder and its label file");
        }
        if (epochs < 1 || batchSize < 2 || inputSize < 32 || lrDecayEvery < 1 || warmupEpochs < 0) {
            throw new IllegalArgumentException("need epochs >= 1, batch >= 2, input size >= 32, lr decay step >= 1, warm-up >= 0");
        }
        if (classWeights == null || classWeights.length != 2) {
            throw new IllegalArgumentException("class weights need two values: BA, non-BA");
        }
        classWeights = classWeights.clone();
        design = design == null ? Design.study() : design;
        localisation = localisation == null ? LocalisationHints.NONE : localisation;
    }

    public static Builder builder(Path data, Path labels, Path out) {
        return new Builder(data, labels, out);
    }

    public Builder toBuilder() {
        Builder b = new Builder(data, labels, out);
        b.externalData = externalData;
        b.externalLabels = externalLabels;
        b.architecture = architecture;
        b.depth = depth;
        b.inputSize = inputSize;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.seed = seed;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.lrDecayEvery = lrDecayEvery;
        b.lrDecayFactor = lrDecayFactor;
        b.classWeights = classWeights;
        b.validationFraction = validationFraction;
        b.testFraction = testFraction;
        b.warmupEpochs = warmupEpochs;
        b.specificityFloor = specificityFloor;
        b.photoSimulation = photoSimulation;
        b.photoProbability = photoProbability;
        b.maxFramesPerFile = maxFramesPerFile;
        b.resume = resume;
        b.progressBar = progressBar;
        b.modelName = modelName;
        b.modelVersion = modelVersion;
        b.design = design;
        b.localisation = localisation;
        return b;
    }

    /** Mutable builder holding the documented defaults. */
    public static final class Builder {
        private final Path data;
        private final Path labels;
        private final Path out;
        private Path externalData;
        private Path externalLabels;
        private String architecture = "se-resnet";
        private int depth = 18;
        private int inputSize = 128;
        private int epochs = 20;
        private int batchSize = 32;
        private long seed = 7;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private float learningRate = 0.01f;
        private float momentum = 0.9f;
        private float weightDecay = 5e-4f;
        private Integer lrDecayEvery;
        private float lrDecayFactor = 0.1f;
        private float[] classWeights = {5.0f, 1.0f};
        private double validationFraction = 0.15;
        private double testFraction = 0.15;
        private Integer warmupEpochs;
        private double specificityFloor = 0.85;
        private boolean photoSimulation;
        private double photoProbability = 0.5;
        private int maxFramesPerFile = 2;
        private boolean resume = true;
        private boolean progressBar = true;
        private String modelName = "gbscan-ba";
        private String modelVersion = "1.0";
        private Design design = Design.study();
        private LocalisationHints localisation = LocalisationHints.NONE;

        private Builder(Path data, Path labels, Path out) {
            this.data = data;
            this.labels = labels;
            this.out = out;
        }

        public Builder externalTest(Path folder, Path labelFile) { externalData = folder; externalLabels = labelFile; return this; }
        public Builder architecture(String v) { architecture = v; return this; }
        public Builder depth(int v) { depth = v; return this; }
        public Builder inputSize(int v) { inputSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder momentum(float v) { momentum = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder lrDecayEvery(int v) { lrDecayEvery = v; return this; }
        public Builder lrDecayFactor(float v) { lrDecayFactor = v; return this; }
        public Builder classWeights(float ba, float nonBa) { classWeights = new float[]{ba, nonBa}; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        /** Default: 30% of the epochs, as the study's 30 of 100. */
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder specificityFloor(double v) { specificityFloor = v; return this; }
        public Builder photoSimulation(boolean v) { photoSimulation = v; return this; }
        public Builder photoProbability(double v) { photoProbability = v; return this; }
        public Builder maxFramesPerFile(int v) { maxFramesPerFile = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder progressBar(boolean v) { progressBar = v; return this; }
        public Builder modelName(String v) { modelName = v; return this; }
        public Builder modelVersion(String v) { modelVersion = v; return this; }
        public Builder design(Design v) { design = v; return this; }
        public Builder localisation(LocalisationHints v) { localisation = v; return this; }

        public TrainOptions build() {
            int warmup = warmupEpochs != null ? warmupEpochs : (int) Math.floor(epochs * 0.3);
            // the study steps at 35 of 100 epochs: the step scales with the epoch count unless set
            int decayEvery = lrDecayEvery != null ? lrDecayEvery : Math.max(1, (int) Math.round(epochs * 0.35));
            return new TrainOptions(data, labels, out, externalData, externalLabels, architecture, depth, inputSize, epochs,
                    batchSize, seed, optimizer, learningRate, momentum, weightDecay, decayEvery, lrDecayFactor, classWeights,
                    validationFraction, externalData != null ? 0.0 : testFraction, warmup, specificityFloor, photoSimulation,
                    photoProbability, maxFramesPerFile, resume, progressBar, modelName, modelVersion, design,
                    localisation);
        }
    }
}
