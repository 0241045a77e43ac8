package org.gbscan.inference;

import java.util.Locale;

/** Which class Grad-CAM explains: the one the model predicted (the study's choice), or always BA. */
public enum CamTarget {
    PREDICTED, BA;

    public static CamTarget parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "predicted" -> PREDICTED;
            case "ba" -> BA;
            default -> throw new IllegalArgumentException("inference.cam.target must be predicted or ba, got '" + text + "'");
        };
    }
}
