package org.gbscan.inference.preprocess;

import java.util.Locale;
import java.util.Optional;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.Refusal;
import org.gbscan.inference.model.InputKind;

/**
 * The image checks of the quality gate, before the network: inputs that are plainly not a grayscale
 * ultrasound image of the model's kind are refused with a reason a user understands. What passes here
 * still meets the network's own feature gate, which catches the subtler cases. Each statistic is one
 * that ultrasound has and the refused kind lacks:
 * <ul>
 *   <li>blank: almost no spread of grey levels;</li>
 *   <li>colour: many strongly saturated pixels (a photo of a grayscale screen has at most a cast);</li>
 *   <li>text or screenshot: most non-dark pixels equal their neighbour exactly (flat fills), where
 *       speckle makes neighbours differ;</li>
 *   <li>the wrong kind: a B-mode frame sent to a region model, or a region image to a frame model;</li>
 *   <li>CT or MR: smooth tissue without speckle, a body on black.</li>
 * </ul>
 * Thresholds were set on the study's crops, phantom frames and phone photos, and on generated examples of
 * each refused kind (see {@code InputScreenTest} and docs/MODEL-BA2021.md).
 */
public final class InputScreen {
    /** Grey-level spread (99th minus 1st percentile) below which an image is blank. */
    static final int MIN_SPREAD = 12;
    /** Pixels with channel spread above this count as coloured. */
    static final int SATURATED = 60;
    static final double MAX_SATURATED_SHARE = 0.15;
    /** Non-dark pixels equal to their right neighbour: speckle stays well below this share. */
    static final double MAX_FLAT_SHARE = 0.55;
    static final int DARK = 24;
    /** Mean relative neighbour difference of bright-enough pixels: speckle is rough, CT/MR tissue smooth. */
    static final double MIN_ROUGHNESS = 0.010;
    /** A cross-section on black: at most this rough, with at least {@link #MIN_BACKGROUND} of the image dark background. */
    static final double CROSS_SECTION_ROUGHNESS = 0.04;
    static final double MIN_BACKGROUND = 0.25;

    private final InputKind kind;

    public InputScreen(InputKind kind) {
        this.kind = kind;
    }

    public Optional<Refusal> check(Frame frame) {
        int w = frame.width(), h = frame.height();
        byte[] lum = Preprocessor.luminance(frame);
        int[] hist = new int[256];
        for (byte b : lum) {
            hist[b & 0xff]++;
        }
        int spread = percentile(hist, lum.length, 0.99) - percentile(hist, lum.length, 0.01);
        if (spread < MIN_SPREAD) {
            return refuse(Refusal.Reason.BLANK, "grey levels span %d of 255", spread);
        }
        if (frame.format() == PixelFormat.RGB8) {
            double saturated = saturatedShare(frame.pixels(), w * h);
            if (saturated > MAX_SATURATED_SHARE) {
                return refuse(Refusal.Reason.COLOUR_IMAGE, "%.0f%% of pixels strongly coloured", 100 * saturated);
            }
        }
        // a frame's flat surroundings (a photographed room, the monitor's bezel) are not the image: look inside the fan
        byte[] inside = kind == InputKind.FRAME ? regionOnly(lum, w, h) : lum;
        double flat = flatShare(inside, w, h);
        if (flat > MAX_FLAT_SHARE) {
            return twoTone(hist, lum.length)
                    ? refuse(Refusal.Reason.TEXT_ONLY, "%.0f%% flat pixels in two tones", 100 * flat)
                    : refuse(Refusal.Reason.SCREENSHOT, "%.0f%% flat pixels, no speckle", 100 * flat);
        }
        double rough = roughness(inside, w, h);
        double background = kind == InputKind.ROI ? backgroundShare(lum, w, h) : 0;
        // a photographed B-mode screen is smooth and on black too: for frame models the feature gate decides
        if (kind == InputKind.ROI && rough < CROSS_SECTION_ROUGHNESS && background > MIN_BACKGROUND) {
            return refuse(Refusal.Reason.NOT_ULTRASOUND, "smooth body on a dark background, no speckle (roughness %.3f)", rough);
        }
        InputKind seen = InputKinds.detect(frame);
        if (seen != kind) {
            return refuse(Refusal.Reason.WRONG_INPUT_KIND, "looks like a %s image, the model takes %s images",
                    seen == InputKind.FRAME ? "B-mode frame" : "region", kind == InputKind.FRAME ? "B-mode frame" : "region");
        }
        if (rough < MIN_ROUGHNESS) {
            return refuse(Refusal.Reason.NOT_ULTRASOUND, "smooth tissue without speckle (roughness %.3f)", rough);
        }
        return Optional.empty();
    }

    /** The luminance with everything outside the ultrasound region found by {@link RegionFinder} set to 0 (dark, so ignored). */
    private static byte[] regionOnly(byte[] lum, int w, int h) {
        RegionFinder.Region region = RegionFinder.find(lum, w, h);
        if (region.isWholeFrame()) {
            return lum;
        }
        byte[] out = new byte[lum.length];
        for (int y = region.y(); y < region.y() + region.height(); y++) {
            for (int x = region.x(); x < region.x() + region.width(); x++) {
                if (region.contains(x, y)) {
                    out[y * w + x] = lum[y * w + x];
                }
            }
        }
        return out;
    }

    private static Optional<Refusal> refuse(Refusal.Reason reason, String format, Object... args) {
        return Optional.of(new Refusal(reason, String.format(Locale.ROOT, format, args)));
    }

    private static int percentile(int[] hist, int total, double q) {
        long target = (long) Math.ceil(q * total);
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += hist[v];
            if (seen >= target) {
                return v;
            }
        }
        return 255;
    }

    private static double saturatedShare(byte[] rgb, int pixels) {
        int n = 0;
        for (int i = 0, j = 0; i < pixels; i++, j += 3) {
            int r = rgb[j] & 0xff, g = rgb[j + 1] & 0xff, b = rgb[j + 2] & 0xff;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > SATURATED) {
                n++;
            }
        }
        return n / (double) pixels;
    }

    /** Share of non-dark pixels exactly equal to their right neighbour (a dark lumen is flat in ultrasound too). */
    static double flatShare(byte[] lum, int w, int h) {
        long bright = 0, flat = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x + 1 < w; x++) {
                int v = lum[row + x] & 0xff;
                if (v < DARK) {
                    continue;
                }
                bright++;
                if (v == (lum[row + x + 1] & 0xff)) {
                    flat++;
                }
            }
        }
        return bright == 0 ? 0 : flat / (double) bright;
    }

    /** Two grey levels (with their anti-aliasing neighbours) hold nearly every pixel: text on a plain ground. */
    private static boolean twoTone(int[] hist, int total) {
        int first = 0, second = 0;
        for (int v = 0; v < 256; v++) {
            int around = hist[v] + (v > 0 ? hist[v - 1] : 0) + (v < 255 ? hist[v + 1] : 0);
            if (around > first) {
                second = first;
                first = around;
            } else if (around > second && Math.abs(around - first) > 0) {
                second = Math.max(second, around);
            }
        }
        return first + second >= 0.85 * total;
    }

    /** Share of the image that is dark and connected to its border (the black around a CT/MR body or a B-mode fan). */
    static double backgroundShare(byte[] lum, int w, int h) {
        boolean[] seen = new boolean[lum.length];
        int[] stack = new int[lum.length];
        int top = 0;
        for (int x = 0; x < w; x++) {
            top = push(lum, seen, stack, top, x);
            top = push(lum, seen, stack, top, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            top = push(lum, seen, stack, top, y * w);
            top = push(lum, seen, stack, top, y * w + w - 1);
        }
        int count = 0;
        while (top > 0) {
            int i = stack[--top];
            count++;
            int x = i % w, y = i / w;
            if (x > 0) top = push(lum, seen, stack, top, i - 1);
            if (x + 1 < w) top = push(lum, seen, stack, top, i + 1);
            if (y > 0) top = push(lum, seen, stack, top, i - w);
            if (y + 1 < h) top = push(lum, seen, stack, top, i + w);
        }
        return count / (double) lum.length;
    }

    private static int push(byte[] lum, boolean[] seen, int[] stack, int top, int i) {
        if (!seen[i] && (lum[i] & 0xff) < DARK) {
            seen[i] = true;
            stack[top++] = i;
        }
        return top;
    }

    /** Mean |I(x+1) - I(x)| / mean I over pixels brighter than the dark level (speckle texture). */
    static double roughness(byte[] lum, int w, int h) {
        double diff = 0, sum = 0;
        long n = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x + 1 < w; x++) {
                int a = lum[row + x] & 0xff, b = lum[row + x + 1] & 0xff;
                if (a < DARK || b < DARK) {
                    continue;
                }
                diff += Math.abs(a - b);
                sum += a;
                n++;
            }
        }
        return n == 0 || sum == 0 ? 0 : (diff / n) / (sum / n);
    }
}
