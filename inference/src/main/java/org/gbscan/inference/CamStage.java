package org.gbscan.inference;

import java.util.Locale;

/**
 * Which residual stage Grad-CAM reads. LAYER4, the last stage, is the study's choice; its grid is
 * input/32 (7x7 at 224 px), too coarse to land inside an infant gallbladder often. LAYER3 gives
 * input/16 (14x14 at 224 px) at the cost of explaining a less abstract representation.
 */
public enum CamStage {
    LAYER4(0), LAYER3(1);

    private final int stagesAfter;

    CamStage(int stagesAfter) {
        this.stagesAfter = stagesAfter;
    }

    /** How many of the network's feature stages run after the one the heat map is read from. */
    public int stagesAfter() {
        return stagesAfter;
    }

    public static CamStage parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "layer4" -> LAYER4;
            case "layer3" -> LAYER3;
            default -> throw new IllegalArgumentException("inference.cam.stage must be layer4 or layer3, got '" + text + "'");
        };
    }
}
