package org.gbscan.trainer.train;

import org.gbscan.inference.model.ModelCard;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.ImportSummary;
import org.gbscan.trainer.data.PatientSplit;
import org.gbscan.trainer.eval.LevelMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the model card records about the training data, the recipe and the chosen weights' figures. */
final class ModelCardContent {
    private ModelCardContent() {
    }

    static ModelCard complete(ModelCard card, TrainOptions o, ImportSummary imported, PatientSplit.Parts parts, Dataset test,
                              TrainingLoop.Outcome outcome, SplitEvaluation evaluation) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", o.data().toString());
        data.put("labels", o.labels().toString());
        data.put("dicomFiles", imported.dicomFiles());
        data.put("photoFiles", imported.photoFiles());
        data.put("labelledImages", imported.matched());
        data.put("baImages", imported.baImages());
        data.put("nonBaImages", imported.nonBaImages());
        data.put("baPatients", imported.baPatients());
        data.put("nonBaPatients", imported.nonBaPatients());
        data.put("unmatchedLabelRows", imported.unmatchedRows().size());
        data.put("unlabelledFiles", imported.unlabelledFiles().size());
        data.put("split", Map.of("seed", o.seed(),
                "trainPatients", parts.train().byPatient().size(),
                "validationPatients", parts.validation().byPatient().size(),
                "testPatients", test.byPatient().size(),
                "externalTest", o.externalData() == null ? "" : o.externalData().toString()));
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("optimizer", o.optimizer().name());
        recipe.put("learningRate", o.learningRate());
        recipe.put("momentum", o.momentum());
        recipe.put("weightDecay", o.weightDecay());
        recipe.put("lrDecay", "x" + o.lrDecayFactor() + " every " + o.lrDecayEvery() + " epochs");
        recipe.put("classWeights", List.of(o.classWeights()[0], o.classWeights()[1]));
        recipe.put("batchSize", o.batchSize());
        recipe.put("epochs", o.epochs());
        recipe.put("warmupEpochs", o.warmupEpochs());
        recipe.put("specificityFloor", o.specificityFloor());
        recipe.put("augmentation", "random resized crop 0.8-1, horizontal flip, contrast 0.5"
                + (o.photoSimulation() ? ", phone-photo simulation p=" + o.photoProbability() : ""));
        recipe.put("chosenEpoch", outcome.chosenEpoch());
        recipe.put("selection", outcome.rule().name());
        data.put("training", recipe);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("thresholdRule", "arg-max class (P(BA) >= 0.5)");
        for (LevelMetrics m : evaluation.validation()) {
            metrics.put(key(m.level()), figures(m));
        }
        if (evaluation.test() != null) {
            for (LevelMetrics m : evaluation.test()) {
                metrics.put(key(m.level()), figures(m));
            }
        }
        return card.withTrainingData(data).withMetrics(metrics);
    }

    /** "validation patient" -> "validationPatient". */
    private static String key(String level) {
        int space = level.indexOf(' ');
        return level.substring(0, space) + Character.toUpperCase(level.charAt(space + 1)) + level.substring(space + 2);
    }

    /** A level's figures for a model card (cases, BA cases, AUC with its interval, sensitivity, specificity, accuracy). */
    static Map<String, Object> figures(LevelMetrics m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cases", m.cases());
        f.put("ba", m.baCases());
        if (m.auc() != null) {
            f.put("auc", m.auc().auc());
            f.put("aucLower", finite(m.auc().lower()));
            f.put("aucUpper", finite(m.auc().upper()));
        }
        f.put("sensitivity", finite(m.sensitivity().value()));
        f.put("specificity", finite(m.specificity().value()));
        f.put("accuracy", finite(m.accuracy().value()));
        return f;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
