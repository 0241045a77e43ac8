package org.gbscan.inference;

import java.util.Locale;

/**
 * Which class Grad-CAM explains: the one the model predicted (the study's choice), always BA, or always
 * non-BA. The last one shows evidence that works by absence: a model that reads "large smooth lumen =
 * not BA" has its gallbladder evidence in the non-BA map, which Grad-CAM's ReLU hides from the BA map.
 */
public enum CamTarget {
    PREDICTED, BA, NON_BA;

    public static CamTarget parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "predicted" -> PREDICTED;
            case "ba" -> BA;
            case "non-ba" -> NON_BA;
            default -> throw new IllegalArgumentException("inference.cam.target must be predicted, ba or non-ba, got '" + text + "'");
        };
    }
}
