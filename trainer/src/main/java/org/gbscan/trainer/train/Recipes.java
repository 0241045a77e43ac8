package org.gbscan.trainer.train;

import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.Stem;

import java.util.Locale;

/**
 * Named training recipes: a set of options chosen by measurement for one kind of data, applied before
 * the user's own options (which win). {@code ba2021} builds the reference research model from the
 * study group's published gallbladder crops (60x60 grayscale JPEG, one to a few per patient): region
 * input at 64 px, a compact-stem ResNet-18 of quarter width (16) sized for such small inputs, a 5-fold
 * patient-level ensemble, the study's augmentation (it beat the heavier site augmentation by 0.037 mean fold
 * AUC), Adam with a cosine schedule, test-time flip (mean fold AUC 0.933 against 0.928 for the same members
 * without it), temperature scaling and a threshold for 90% sensitivity, within 30 minutes on 2 CPU cores. docs/MODEL-BA2021.md has the
 * cross-validation behind these choices.
 */
public final class Recipes {
    private Recipes() {
    }

    public static void apply(String name, TrainOptions.Builder b) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ba2021" -> b.architecture("resnet").depth(18).inputSize(64).epochs(BA2021_EPOCHS).batchSize(64)
                    .optimizer(TrainOptions.OptimizerKind.ADAM).learningRate(0.002f).weightDecay(1e-4f)
                    .classWeights(2.0f, 1.0f).maxFramesPerFile(1).modelName("gbscan-ba2021")
                    .design(new TrainOptions.Design(5, InputKind.ROI, Stem.COMPACT, 16, 32, TrainOptions.Schedule.COSINE,
                            "study", 0.90, 0.05, "ba2021", true));
            case "study" -> b.design(TrainOptions.Design.study());
            default -> throw new IllegalArgumentException("unknown recipe '" + name + "': use ba2021 or study");
        }
    }

    static final int BA2021_EPOCHS = 14;
}
