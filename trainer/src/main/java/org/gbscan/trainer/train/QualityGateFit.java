package org.gbscan.trainer.train;

import ai.djl.Model;
import org.gbscan.inference.ForwardPass;
import org.gbscan.inference.model.FeatureGate;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.inference.preprocess.PreparedImage;
import org.gbscan.inference.preprocess.Preprocessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits each ensemble member's {@link FeatureGate}: the feature distribution of the frames it trained on,
 * and a threshold at the {@value #QUANTILE} quantile of the distances of its held-out fold, so about 1% of
 * real images of the training sites are refused and anything stranger than them is.
 */
final class QualityGateFit implements EnsembleTraining.MemberGate {
    static final double QUANTILE = 0.99;
    private static final int BATCH = 64;

    private QualityGateFit() {
    }

    static EnsembleTraining.MemberGate forMembers() {
        return new QualityGateFit();
    }

    @Override
    public Fitted fit(Model model, ModelCard card, List<Sample> train, List<Sample> held) {
        ScoringModel scoring = ScoringModel.of(card, model);
        Preprocessor preprocessor = Preprocessor.of(card);
        float[] trainFeatures = features(scoring, preprocessor, train);
        float[] heldFeatures = features(scoring, preprocessor, held);
        int dim = trainFeatures.length / train.size();
        FeatureGate gate = FeatureGate.fit(trainFeatures, heldFeatures, dim, QUANTILE);
        return new Fitted(gate.describe(QUANTILE, train.size(), held.size()), dir -> {
            try {
                gate.write(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static float[] features(ScoringModel model, Preprocessor preprocessor, List<Sample> samples) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (int from = 0; from < samples.size(); from += BATCH) {
            List<PreparedImage> images = new ArrayList<>();
            for (Sample s : samples.subList(from, Math.min(samples.size(), from + BATCH))) {
                images.add(preprocessor.finish(s.crop().toCroppedImage()));
            }
            float[] f = ForwardPass.pooledFeatures(model, images);
            parts.add(f);
            total += f.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] f : parts) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    /** What the card records, and how to write the gate beside the member's weights. */
    record Fitted(Map<String, Object> description, java.util.function.Consumer<Path> writer) {
    }
}
