package org.gbscan.inference.model;

import java.util.Locale;

/** The network families gbscan builds in code: plain ResNet, and ResNet with squeeze-and-excitation. */
public enum Architecture {
    RESNET("ResNet"),
    SE_RESNET("SE-ResNet");

    private final String displayName;

    Architecture(String displayName) {
        this.displayName = displayName;
    }

    /** "SE-ResNet-152" style name for cards, SRs and logs. */
    public String displayName(int depth) {
        return displayName + "-" + depth;
    }

    /** Accepts the enum name or the display name, any case ("se-resnet", "SE_RESNET"). */
    public static Architecture parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return valueOf(t);
    }
}
