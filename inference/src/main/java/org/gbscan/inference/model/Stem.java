package org.gbscan.inference.model;

import java.util.Locale;

/**
 * The first layers of the network. IMAGENET is torchvision's (7x7 stride-2 convolution, 3x3 stride-2
 * max pool: the stages see the input at 1/4). COMPACT suits small inputs such as the study's 60x60
 * crops: a 3x3 stride-1 convolution and the same max pool, so the stages see the input at 1/2 and the
 * last stage still has a 4x4 grid at 64 px instead of 2x2.
 */
public enum Stem {
    IMAGENET(4), COMPACT(2);

    private final int stride;

    Stem(int stride) {
        this.stride = stride;
    }

    /** Input pixels per layer1 cell. */
    public int stride() {
        return stride;
    }

    public static Stem parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
