package org.gbscan.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gbscan.core.Config;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Photos;
import org.gbscan.core.Refusal;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.inference.BatchingScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.StudyScorer;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Scores files outside the service: one JSON line per input on stdout, a CAM PNG per input, with the
 * service's study rule (inference's {@link StudyScorer}). An input the model's quality gate refuses
 * gets a line with {@code refused} instead of a probability: an answer, so the exit code stays 0. A
 * file that cannot be read gets a line with an error, and the exit code says some inputs failed.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score DICOM images or JPEG/PNG phone photos; prints one JSON line per file.",
            "A line has \"probability\" and \"label\", or, when the model's quality gate refuses the input (blank,"
                + " text-only, screenshot, colour photo, CT/MR, wrong input kind, out of distribution),"
                + " \"refused\" (the reason) and \"refusedCode\" and no probability.",
            "Exit code: 0 when every file was read (scored or refused: a refusal is an answer), 2 when some"
                + " file could not be read (its line has \"error\")."})
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (or TorchScript .pt with a model card).")
    Path model;

    @Option(names = "--out", description = "Folder for the CAM PNGs (default: next to each input).")
    Path out;

    @Option(names = "--no-cam", description = "Skip Grad-CAM (faster).")
    boolean noCam;

    @Option(names = "--config", description = "Config file for inference.* settings (batch size, cine frames, device).")
    Path config;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM, JPEG or PNG files.")
    List<Path> files;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        InferenceSettings settings = InferenceSettings.from(Config.load(config)).withCam(!noCam);
        int failures = 0;
        try (ScoringModel loaded = ModelDirectory.load(model);
             BatchingScorer scorer = new BatchingScorer(loaded, settings)) {
            ModelInfo info = loaded.info();
            for (Path file : files) {
                ObjectNode line = json.createObjectNode().put("file", file.toString());
                try {
                    score(file, scorer, info, settings.cineFrames(), line);
                } catch (BadDicomException | Photos.NotAnImageException | java.io.IOException e) {
                    line.put("error", e.getMessage());
                    failures++;
                }
                System.out.println(json.writeValueAsString(line));
            }
        }
        return failures == 0 ? 0 : 2;
    }

    private void score(Path file, BatchingScorer scorer, ModelInfo info, int cineFrames, ObjectNode line) throws Exception {
        ImageInstance image = DicomFiles.looksLikeDicom(file) ? DicomFiles.read(file, cineFrames) : Photos.read(file);
        long start = System.nanoTime();
        StudyResult result = new StudyScorer(scorer, info).score(image.ref().study(), List.of(image));
        describe(result, (System.nanoTime() - start) / 1_000_000, line);
        if (!result.isAssessable()) {
            return; // no probability, so no CAM to draw
        }
        FrameScore top = result.topFrames(1).get(0);
        if (top.heatMap() != null) {
            Path png = camPath(file);
            List<String> caption = new ArrayList<>();
            caption.add(String.format(java.util.Locale.ROOT, "BA probability %.3f (%s)", result.baProbability(),
                    result.label() == Label.BA ? "BA suspected" : "BA not suspected"));
            caption.add(info.displayName());
            Files.write(png, CamOverlay.png(top.frame(), top.heatMap(), caption));
            line.put("cam", png.toString());
        }
    }

    /**
     * The JSON line's verdict: {@code probability} and {@code label}, or for a refused input {@code refused}
     * (the reason in words), {@code refusedCode} and, when the gate measured something, {@code refusedDetail}.
     */
    static void describe(StudyResult result, long ms, ObjectNode line) {
        if (result.isAssessable()) {
            line.put("probability", result.baProbability())
                    .put("label", result.label() == Label.BA ? "BA" : "non-BA");
        } else {
            Refusal refusal = result.refusal();
            line.put("refused", refusal.reason().text()).put("refusedCode", refusal.reason().code());
            if (!refusal.detail().isEmpty()) {
                line.put("refusedDetail", refusal.detail());
            }
        }
        int refusedFrames = result.frames().size() - result.scoredFrames().size();
        line.put("threshold", result.model().threshold())
                .put("frames", result.frames().size());
        if (result.isAssessable() && refusedFrames > 0) {
            line.put("refusedFrames", refusedFrames); // left out of the mean
        }
        line.put("model", result.model().displayName())
                .put("ms", ms);
    }

    private Path camPath(Path file) throws java.io.IOException {
        // keep the extension: a photo and a DICOM file of the same image must not share one CAM file
        String name = file.getFileName().toString() + ".cam.png";
        if (out == null) {
            return file.resolveSibling(name);
        }
        Files.createDirectories(out);
        return out.resolve(name);
    }
}
