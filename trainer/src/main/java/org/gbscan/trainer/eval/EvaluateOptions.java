package org.gbscan.trainer.eval;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code gbscan evaluate} is told.
 *
 * @param masks            folder of finding masks ({@code <image stem>_<tag>.png}, any non-black pixel inside,
 *                         frame 0's pixel grid); null = {@code <data>/masks} when that exists
 * @param readers          optional reader CSV ({@code patient,reader,score} or {@code patient,reader,call})
 * @param threshold        operating threshold; null = the model card's
 * @param maxFramesPerFile evenly spaced frames scored per cine loop
 * @param device           auto | cpu | gpu | gpu:N
 */
public record EvaluateOptions(Path model, Path data, Path labels, Path out, Path masks, Path readers, Double threshold,
                              int maxFramesPerFile, int batchSize, String device, boolean progressBar,
                              org.gbscan.inference.CamStage camStage, org.gbscan.inference.CamTarget camTarget) {
    public EvaluateOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(out, "out");
        if (maxFramesPerFile < 0 || batchSize < 1) {
            throw new IllegalArgumentException("frames per file must be >= 0 and batch size >= 1");
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be within (0,1), got " + threshold);
        }
        device = device == null ? "auto" : device;
        // camStage null: the stage the model card names, else layer3 (as the service reads it)
        camTarget = camTarget == null ? org.gbscan.inference.CamTarget.BA : camTarget;
    }

    /** Defaults: masks from {@code <data>/masks}, no readers, card threshold, 8 frames per cine loop, batch 16. */
    public static EvaluateOptions of(Path model, Path data, Path labels, Path out) {
        return new EvaluateOptions(model, data, labels, out, null, null, null, 8, 16, "auto", true, null, null);
    }

    /** Grad-CAM stage for the pointing game (layer3, the service's default; layer4: the study's). */
    public EvaluateOptions withCamStage(org.gbscan.inference.CamStage stage) {
        return new EvaluateOptions(model, data, labels, out, masks, readers, threshold, maxFramesPerFile, batchSize, device, progressBar, stage, camTarget);
    }

    /** The class whose Grad-CAM the pointing game reads on BA images (ba by default; non-ba for evidence by absence). */
    public EvaluateOptions withCamTarget(org.gbscan.inference.CamTarget target) {
        return new EvaluateOptions(model, data, labels, out, masks, readers, threshold, maxFramesPerFile, batchSize, device, progressBar, camStage, target);
    }

    public EvaluateOptions withMasks(Path folder) {
        return new EvaluateOptions(model, data, labels, out, folder, readers, threshold, maxFramesPerFile, batchSize, device, progressBar, camStage, camTarget);
    }

    public EvaluateOptions withReaders(Path csv) {
        return new EvaluateOptions(model, data, labels, out, masks, csv, threshold, maxFramesPerFile, batchSize, device, progressBar, camStage, camTarget);
    }

    public EvaluateOptions withThreshold(Double value) {
        return new EvaluateOptions(model, data, labels, out, masks, readers, value, maxFramesPerFile, batchSize, device, progressBar, camStage, camTarget);
    }

    public EvaluateOptions withProgressBar(boolean value) {
        return new EvaluateOptions(model, data, labels, out, masks, readers, threshold, maxFramesPerFile, batchSize, device, value, camStage, camTarget);
    }

    public EvaluateOptions withDevice(String value) {
        return new EvaluateOptions(model, data, labels, out, masks, readers, threshold, maxFramesPerFile, batchSize, value, progressBar, camStage, camTarget);
    }
}
