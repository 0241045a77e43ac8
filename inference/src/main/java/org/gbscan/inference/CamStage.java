package org.gbscan.inference;

import java.util.Locale;

/**
 * Which residual stage Grad-CAM reads. LAYER4, the last stage, is the study's choice; its grid is
 * input/32 (7x7 at 224 px, 4x4 at 128 px), too coarse to land inside an infant gallbladder often.
 * LAYER3 gives input/16 and LAYER2 input/8, at the cost of explaining a less abstract representation.
 * On a task whose evidence is one small bright disk (the trainer's GradCamLocalisationTest), a ResNet-18
 * at 96 px puts the maximum on the disk in 3/30 images from layer4 and 20/30 from layer2; on held-out
 * phantom BA images, an SE-ResNet-18 at 128 px puts it on the gallbladder or cord in 15/192 (layer4),
 * 82/192 (layer3) and 103/192 (layer2).
 * <p>
 * FUSED multiplies the layer-4 map (upsampled) with the layer-3 map on the layer-3 grid: heat stays
 * only where the last stage's evidence and the finer stage's agree (two Grad-CAM passes per image).
 */
public enum CamStage {
    LAYER4(0), LAYER3(1), LAYER2(2), FUSED(1);

    private final int stagesAfter;

    CamStage(int stagesAfter) {
        this.stagesAfter = stagesAfter;
    }

    /** How many of the network's feature stages run after the one the heat map is read from. */
    public int stagesAfter() {
        return stagesAfter;
    }

    /** Without a stage on the model card and none configured. */
    public static final CamStage DEFAULT = LAYER3;

    /** The stage the model card names ({@code camStage}), else {@link #DEFAULT}. */
    public static CamStage chosenFor(org.gbscan.inference.model.ModelCard card) {
        return card.camStage() == null ? DEFAULT : parse(card.camStage());
    }

    /** {@code model} (null: as the model card says) or a stage. */
    public static CamStage parseOrModel(String text) {
        return text.trim().equalsIgnoreCase("model") ? null : parse(text);
    }

    public static CamStage parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "layer4" -> LAYER4;
            case "layer3" -> LAYER3;
            case "layer2" -> LAYER2;
            case "fused" -> FUSED;
            default -> throw new IllegalArgumentException("inference.cam.stage must be model, layer4, layer3, layer2 or fused, got '" + text + "'");
        };
    }
}
