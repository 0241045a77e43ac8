package org.gbscan.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gbscan.inference.CamStage;
import org.gbscan.inference.CamTarget;
import org.gbscan.trainer.eval.EvaluateOptions;
import org.gbscan.trainer.eval.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Evaluates a model on a labelled set: metrics.json, summary, ROC and calibration plots, reader comparisons. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model: AUC with DeLong 95%% CI, sensitivity/specificity (Wilson CI), kappa, ECE, ROC.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, description = "Folder of studies/photos to evaluate on.")
    Path data;

    @Option(names = "--labels", required = true, description = "Label CSV for that folder.")
    Path labels;

    @Option(names = "--out", required = true, description = "Folder for metrics.json, summary.md and the plots.")
    Path out;

    @Option(names = "--masks", description = "Finding masks for the CAM pointing game (default: DATA/masks if present).")
    Path masks;

    @Option(names = "--readers", description = "Reader CSV (patient,reader,score|call) for model-vs-reader DeLong tests.")
    Path readers;

    @Option(names = "--threshold", description = "Operating threshold (default: the model card's).")
    Double threshold;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cam-stage", defaultValue = "model",
            description = "Grad-CAM stage for the pointing game: model (default: the stage the model card names, as the service reads it;"
                    + " layer4 for a model trained with masks, else layer3), layer3, layer4 (the study's), layer2, or fused (layer4 x layer3).")
    String camStage;

    @Option(names = "--cam-target", defaultValue = "ba",
            description = "Class whose Grad-CAM the pointing game reads: ba, non-ba or predicted (default: ${DEFAULT-VALUE}).")
    String camTarget;

    @Override
    public Integer call() throws Exception {
        EvaluateOptions defaults = EvaluateOptions.of(model, data, labels, out);
        EvaluateOptions options = new EvaluateOptions(model, data, labels, out, masks, readers, threshold,
                defaults.maxFramesPerFile(), defaults.batchSize(), device, true, CamStage.parseOrModel(camStage), CamTarget.parse(camTarget));
        EvaluationReport report = org.gbscan.trainer.eval.EvaluateCommand.run(options, System.out);
        System.out.println("metrics: " + report.metricsJson());
        System.out.println("summary: " + report.summary());
        System.out.println("ROC:     " + report.rocPng());
        return 0;
    }
}
