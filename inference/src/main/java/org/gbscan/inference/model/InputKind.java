package org.gbscan.inference.model;

import java.util.Locale;

/**
 * What one model input is. A B-mode FRAME is a whole ultrasound screen (fan on black, burned-in text):
 * preprocessing crops it to the fan. A gallbladder ROI is an image of the gallbladder region only (the
 * study's published crops, or a phone photo of one): used whole, with no fan search, which would
 * mistake its dark lumen touching the border for background.
 */
public enum InputKind {
    FRAME, ROI;

    public static InputKind parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "frame" -> FRAME;
            case "roi", "region" -> ROI;
            default -> throw new IllegalArgumentException("input kind must be frame or roi, got '" + text + "'");
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
