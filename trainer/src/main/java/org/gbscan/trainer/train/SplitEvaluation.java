package org.gbscan.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.eval.LevelMetrics;
import org.gbscan.trainer.eval.PatientScores;
import org.gbscan.trainer.eval.ScoredImage;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chosen weights measured on validation and test: image level (an image's score is the mean over
 * its decoded frames) and patient level (mean over the patient's images), at the card's threshold.
 */
record SplitEvaluation(List<LevelMetrics> validation, List<LevelMetrics> test) {

    static SplitEvaluation of(Model model, ModelCard card, int batchSize, PreparedSet validation, PreparedSet test) {
        Preprocessor preprocessor = Preprocessor.of(card);
        List<LevelMetrics> val = levels("validation", scoredImages(model, preprocessor, batchSize, validation.samples()), card.threshold());
        List<LevelMetrics> tst = test.samples().isEmpty() ? null
                : levels("test", scoredImages(model, preprocessor, batchSize, test.samples()), card.threshold());
        return new SplitEvaluation(val, tst);
    }

    static List<LevelMetrics> levels(String split, List<ScoredImage> images, double threshold) {
        return List.of(LevelMetrics.of(split + " image", PatientScores.imageScores(images), threshold),
                LevelMetrics.of(split + " patient", PatientScores.patientScores(PatientScores.aggregate(images)), threshold));
    }

    /** One score per image file: the mean BA probability of its frames. */
    static List<ScoredImage> scoredImages(Model model, Preprocessor preprocessor, int batchSize, List<Sample> samples) {
        return images(samples, predict(model, preprocessor, batchSize, samples));
    }

    /** One score per image file from per-frame probabilities: the mean over the image's frames. */
    static List<ScoredImage> images(List<Sample> samples, double[] p) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Sample> first = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            first.putIfAbsent(s.imageId(), s);
            double[] acc = sums.computeIfAbsent(s.imageId(), k -> new double[2]);
            acc[0] += p[i];
            acc[1]++;
        }
        List<ScoredImage> out = new ArrayList<>();
        sums.forEach((id, acc) -> {
            Sample s = first.get(id);
            out.add(new ScoredImage(id, s.patient(), s.ba(), Math.min(1, Math.max(0, acc[0] / acc[1]))));
        });
        return out;
    }

    /** Inference mode (BatchNorm running statistics), one sub-manager per batch. */
    static double[] predict(Model model, Preprocessor preprocessor, int batchSize, List<Sample> samples) {
        double[] z = logitDifferences(model, preprocessor, batchSize, samples, false);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] >= 0 ? 1 / (1 + Math.exp(-z[i])) : Math.exp(z[i]) / (1 + Math.exp(z[i]));
        }
        return out;
    }

    /** BA minus non-BA logit per sample, each sample mirrored left-right when {@code mirrored}. */
    static double[] logitDifferences(Model model, Preprocessor preprocessor, int batchSize, List<Sample> samples, boolean mirrored) {
        double[] out = new double[samples.size()];
        int per = preprocessor.channels() * preprocessor.size() * preprocessor.size();
        for (int from = 0; from < samples.size(); from += batchSize) {
            int n = Math.min(batchSize, samples.size() - from);
            float[] input = new float[n * per];
            for (int i = 0; i < n; i++) {
                org.gbscan.inference.preprocess.CroppedImage image = samples.get(from + i).crop().toCroppedImage();
                System.arraycopy(preprocessor.finish(mirrored ? image.flippedHorizontally() : image).data(), 0, input, i * per, per);
            }
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray x = batch.create(FloatBuffer.wrap(input), new Shape(n, preprocessor.channels(), preprocessor.size(), preprocessor.size()));
                NDArray logits = model.getBlock().forward(new ParameterStore(batch, false), new NDList(x), false).singletonOrThrow();
                float[] l = logits.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[from + i] = l[2 * i] - l[2 * i + 1];
                }
            }
        }
        return out;
    }

    static String line(LevelMetrics m) {
        String auc = m.auc() == null ? "n/a" : m.auc().formatted();
        return String.format(Locale.ROOT, "%-8s AUC %s, sensitivity %s, specificity %s (n = %d)",
                m.level().substring(m.level().indexOf(' ') + 1), auc, m.sensitivity().formatted(), m.specificity().formatted(), m.cases());
    }
}
