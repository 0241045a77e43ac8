package org.gbscan.trainer.eval;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.Devices;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ModelLoadException;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.DatasetImporter;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.data.LabeledImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

/**
 * {@code gbscan evaluate}: score every labelled image with a model directory through the serving path
 * (inference's preprocessing and scorer), then write metrics.json, summary.md, roc.png, calibration.png
 * and scores.csv into the output folder. With masks, Grad-CAM of the BA class on frame 0 of each BA
 * image plays the pointing game beside its prior and random-weights baselines ({@link LocalisationCheck});
 * with a reader file, each reader is compared with the model (DeLong).
 */
public final class EvaluateCommand {
    private EvaluateCommand() {
    }

    public static EvaluationReport run(EvaluateOptions options) throws EvaluationException {
        return run(options, System.out);
    }

    public static EvaluationReport run(EvaluateOptions options, PrintStream console) throws EvaluationException {
        Dataset data;
        try {
            data = new DatasetImporter().importFrom(options.data(), options.labels());
        } catch (IOException e) {
            throw new EvaluationException("cannot import the evaluation data: " + e.getMessage(), e);
        }
        console.printf("Import of %s:%n%s", options.data(), data.summary().toText());
        if (data.images().isEmpty()) {
            throw new EvaluationException("no labelled image in " + options.data() + " matches " + options.labels());
        }
        MaskIndex masks = masks(options);
        ScoringModel model;
        try {
            model = ModelDirectory.load(options.model(), Devices.resolve(options.device()));
        } catch (ModelLoadException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
        try (model) {
            double threshold = options.threshold() != null ? options.threshold() : model.card().threshold();
            Scored scored = score(model, data, masks, options, console);
            List<ScoredImage> images = scored.images();
            List<PatientScores.PatientScore> patients = PatientScores.aggregate(images);
            LevelMetrics image = LevelMetrics.of("image", PatientScores.imageScores(images), threshold);
            LevelMetrics patient = LevelMetrics.of("patient", PatientScores.patientScores(patients), threshold);
            List<ReaderStudy.Comparison> readers = List.of();
            if (options.readers() != null) {
                try {
                    readers = ReaderStudy.compare(patients, ReaderStudy.read(options.readers()));
                } catch (IOException | IllegalArgumentException e) {
                    throw new EvaluationException("reader study: " + e.getMessage(), e);
                }
            }
            Path out = options.out();
            EvaluationReport report = new EvaluationReport(model.info().displayName() + " (" + model.card().architectureName() + ")",
                    threshold, image, patient, scored.pointingGame(), readers, importText(data, scored.unreadable()),
                    out.resolve("metrics.json"), out.resolve("summary.md"), out.resolve("roc.png"), out.resolve("calibration.png"),
                    checks(scored, options.threshold() != null ? "--threshold" : "model card"));
            write(report, images, out);
            console.print(ReportWriter.markdown(report));
            return report;
        }
    }

    private record Scored(List<ScoredImage> images, PointingGameResult pointingGame, List<String> unreadable,
                          List<ScoredImage> uncalibrated, Map<String, Integer> refusals) {
    }

    private static EvaluationReport.ModelChecks checks(Scored s, String thresholdSource) {
        List<PatientScores.PatientScore> raw = PatientScores.aggregate(s.uncalibrated());
        int refused = s.refusals().values().stream().mapToInt(Integer::intValue).sum();
        return new EvaluationReport.ModelChecks(thresholdSource,
                Calibration.of(PatientScores.imageScores(s.uncalibrated())).expectedCalibrationError(),
                Calibration.of(PatientScores.patientScores(raw)).expectedCalibrationError(),
                s.images().size(), refused, s.refusals());
    }

    private static Scored score(ScoringModel model, Dataset data, MaskIndex masks, EvaluateOptions options, PrintStream console)
            throws EvaluationException {
        if (options.camStage() == null) {
            options = options.withCamStage(org.gbscan.inference.CamStage.chosenFor(model.card())); // as the service reads it
        }
        InferenceSettings plain = new InferenceSettings(options.model(), options.device(), options.batchSize(), Duration.ZERO,
                false, options.camTarget(), options.camStage(), Math.max(1, options.maxFramesPerFile()), false);
        // one forward per frame gives the calibrated and uncalibrated probability and the quality gate's verdict
        DirectScorer scorer = new DirectScorer(model, plain.withGate(true));
        List<ScoredImage> uncalibrated = new ArrayList<>();
        Map<String, Integer> refusals = new TreeMap<>();
        boolean pointing = masks != null && model.supportsGradCam();
        ImageLoader loader = new ImageLoader(options.maxFramesPerFile());
        List<ScoredImage> images = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        PointingGameResult pointingGame = null;
        try (LocalisationCheck check = pointing ? LocalisationCheck.open(model, plain.withCam(true), options, masks, data, console) : null;
             ProgressBar bar = options.progressBar() ? new ProgressBarBuilder().setTaskName("scoring").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(data.images().size()).setUnit(" images", 1).showSpeed().build() : null) {
            for (LabeledImage li : data.images()) {
                ImageInstance instance;
                try {
                    instance = loader.instance(li);
                } catch (ImageLoader.UnreadableImageException e) {
                    unreadable.add(e.getMessage());
                    continue;
                }
                List<Frame> frames = instance.frames();
                List<DirectScorer.FrameEvaluation> scores = scorer.evaluateAll(frames);
                double mean = scores.stream().mapToDouble(DirectScorer.FrameEvaluation::probability).average().orElseThrow();
                images.add(new ScoredImage(li.id(), li.patient(), li.isBa(), Math.min(1, Math.max(0, mean))));
                double rawMean = scores.stream().mapToDouble(DirectScorer.FrameEvaluation::uncalibratedProbability).average().orElseThrow();
                uncalibrated.add(new ScoredImage(li.id(), li.patient(), li.isBa(), Math.min(1, Math.max(0, rawMean))));
                if (scores.stream().allMatch(e -> e.refusal().isPresent())) {
                    refusals.merge(scores.get(0).refusal().orElseThrow().reason().code(), 1, Integer::sum);
                }
                if (check != null && li.isBa()) {
                    check.play(frames, li, instance.spacing());
                }
                if (bar != null) {
                    bar.step();
                }
            }
            pointingGame = check != null ? check.result() : null;
        } catch (IOException e) {
            throw new EvaluationException("cannot read a finding mask: " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new EvaluationException("none of the labelled files could be decoded: " + unreadable.stream().limit(3).toList());
        }
        if (pointing && pointingGame == null) {
            console.println("No BA image had a mask in the mask folder: pointing game not played");
        }
        return new Scored(images, pointingGame, unreadable, uncalibrated, refusals);
    }

    private static MaskIndex masks(EvaluateOptions options) throws EvaluationException {
        Path folder = options.masks() != null ? options.masks() : options.data().resolve("masks");
        if (!Files.isDirectory(folder)) {
            if (options.masks() != null) {
                throw new EvaluationException("mask folder " + folder + " does not exist");
            }
            return null;
        }
        try {
            return MaskIndex.of(folder);
        } catch (IOException e) {
            throw new EvaluationException("cannot list mask folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String importText(Dataset data, List<String> unreadable) {
        StringBuilder s = new StringBuilder(data.summary().toText());
        if (!unreadable.isEmpty()) {
            s.append(unreadable.size()).append(" labelled file(s) could not be decoded:\n");
            unreadable.stream().limit(10).forEach(u -> s.append("  ").append(u).append('\n'));
        }
        return s.toString();
    }

    private static void write(EvaluationReport report, List<ScoredImage> images, Path out) throws EvaluationException {
        try {
            Files.createDirectories(out);
            ReportWriter.writeJson(report, report.metricsJson());
            ReportWriter.writeMarkdown(report, report.summary());
            Charts.roc(List.of(report.image(), report.patient()), report.rocPng());
            Charts.calibration(List.of(report.image(), report.patient()), report.calibrationPng());
            StringBuilder csv = new StringBuilder("image,patient,label,ba_probability\n");
            for (ScoredImage i : images) {
                csv.append(i.id()).append(',').append(i.patient()).append(',').append(i.ba() ? 0 : 1).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", i.baProbability())).append('\n');
            }
            Files.writeString(out.resolve("scores.csv"), csv);
        } catch (IOException e) {
            throw new EvaluationException("cannot write the evaluation into " + out + ": " + e.getMessage(), e);
        }
    }
}
