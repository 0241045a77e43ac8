package org.gbscan.inference.preprocess;

import org.gbscan.core.Frame;
import org.gbscan.inference.model.InputKind;

/**
 * Tells a B-mode frame from a gallbladder region image by its content. A frame is a screen: at least
 * {@value #MIN_FRAME_SIDE} px on its short side, with the ultrasound fan standing on a dark background
 * that covers a real part of it. A region image is a crop of tissue: small, or without that background.
 * The size rule comes first because a region crop's dark lumen touching the border looks like
 * background to the fan search.
 */
public final class InputKinds {
    /** Scanners write frames of 480 px and more, the study's crops are 60 px: below 100 px an image is a region. */
    static final int MIN_FRAME_SIDE = 100;
    /** A fan's bounding box leaves at least this share of the frame outside it (text margins, black corners). */
    static final double MAX_FAN_BOX_SHARE = 0.85;

    private InputKinds() {
    }

    public static InputKind detect(Frame frame) {
        int w = frame.width(), h = frame.height();
        if (Math.min(w, h) < MIN_FRAME_SIDE) {
            return InputKind.ROI;
        }
        RegionFinder.Region region = RegionFinder.find(Preprocessor.luminance(frame), w, h);
        if (region.isWholeFrame()) {
            return InputKind.ROI;
        }
        double boxShare = (double) region.width() * region.height() / ((double) w * h);
        return boxShare <= MAX_FAN_BOX_SHARE ? InputKind.FRAME : InputKind.ROI;
    }
}
