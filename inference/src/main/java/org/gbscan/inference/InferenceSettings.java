package org.gbscan.inference;

import java.nio.file.Path;
import java.time.Duration;
import org.gbscan.core.Config;

/**
 * The inference module's configuration, read from {@link Config}:
 * <pre>
 * inference.model.dir      model directory or .pt file (no default: serving needs one)
 * inference.device         auto | cpu | gpu | gpu:N        (auto: GPU if the engine sees one)
 * inference.batch.max      16      frames per forward
 * inference.batch.maxWait  5ms     how long a batch waits to fill up
 * inference.cam.enabled    true    Grad-CAM heat maps
 * inference.cam.target     predicted | ba
 * inference.cam.stage      model (default) | layer4 | layer3 | layer2 | fused   (model: the stage the model card names,
 *                          layer4 for a model whose class map was trained toward finding masks, else layer3, which
 *                          localised best on the phantom without masks; each earlier stage: a grid twice as fine;
 *                          fused: layer4 x layer3)
 * inference.cine.frames    8       evenly spaced frames scored per cine loop (used by the DICOM reader)
 * inference.gate.enabled   true    quality gate: inputs the model was not trained for are refused, not scored
 * inference.threads        0       PyTorch CPU threads of this process (0: PyTorch's default, one per core); set it when
 *                                  several workers share a machine, so they do not oversubscribe its cores
 * </pre>
 */
public record InferenceSettings(Path modelDir, String device, int batchMax, Duration batchMaxWait,
                                boolean camEnabled, CamTarget camTarget, CamStage camStage, int cineFrames,
                                boolean gateEnabled, int threads) {
    public InferenceSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("inference.threads must be >= 0 (0: one per core), got " + threads);
        }
        if (batchMax < 1) {
            throw new IllegalArgumentException("inference.batch.max must be >= 1, got " + batchMax);
        }
        if (batchMaxWait == null || batchMaxWait.isNegative()) {
            throw new IllegalArgumentException("inference.batch.maxWait must be >= 0, got " + batchMaxWait);
        }
        if (cineFrames < 1) {
            throw new IllegalArgumentException("inference.cine.frames must be >= 1, got " + cineFrames);
        }
        device = device == null ? "auto" : device;
        camTarget = camTarget == null ? CamTarget.PREDICTED : camTarget;
        // camStage null: as the model card says (CamStage.chosenFor)
    }

    /** The stage Grad-CAM reads for this model: the configured one, else the one its card names, else layer3. */
    public CamStage camStageFor(org.gbscan.inference.model.ModelCard card) {
        return camStage != null ? camStage : CamStage.chosenFor(card);
    }

    /** With PyTorch's default threads. */
    public InferenceSettings(Path modelDir, String device, int batchMax, Duration batchMaxWait, boolean camEnabled,
                             CamTarget camTarget, CamStage camStage, int cineFrames, boolean gateEnabled) {
        this(modelDir, device, batchMax, batchMaxWait, camEnabled, camTarget, camStage, cineFrames, gateEnabled, 0);
    }

    public static InferenceSettings from(Config config) {
        return new InferenceSettings(
                config.getPath("inference.model.dir", null),
                config.get("inference.device", "auto"),
                config.getInt("inference.batch.max", 16),
                config.getDuration("inference.batch.maxWait", Duration.ofMillis(5)),
                config.getBoolean("inference.cam.enabled", true),
                CamTarget.parse(config.get("inference.cam.target", "predicted")),
                CamStage.parseOrModel(config.get("inference.cam.stage", "model")),
                config.getInt("inference.cine.frames", 8),
                config.getBoolean("inference.gate.enabled", true),
                config.getInt("inference.threads", 0));
    }

    public static InferenceSettings defaults() {
        return from(Config.empty());
    }

    public InferenceSettings withCam(boolean enabled) {
        return new InferenceSettings(modelDir, device, batchMax, batchMaxWait, enabled, camTarget, camStage, cineFrames, gateEnabled, threads);
    }

    public InferenceSettings withCamStage(CamStage stage) {
        return new InferenceSettings(modelDir, device, batchMax, batchMaxWait, camEnabled, camTarget, stage, cineFrames, gateEnabled, threads);
    }

    public InferenceSettings withGate(boolean enabled) {
        return new InferenceSettings(modelDir, device, batchMax, batchMaxWait, camEnabled, camTarget, camStage, cineFrames, enabled, threads);
    }

    /** The configured model location, or an error that says which key to set. */
    public Path requireModelDir() {
        if (modelDir == null) {
            throw new IllegalStateException("no model configured: set inference.model.dir (or GBSCAN_INFERENCE_MODEL_DIR)");
        }
        return modelDir;
    }
}
