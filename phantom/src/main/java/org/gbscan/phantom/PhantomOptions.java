package org.gbscan.phantom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param patients     number of patients (one study each, 2-6 images)
 * @param seed         same seed, same set (pixels, masks, CSV, manifest)
 * @param out          output folder
 * @param photos       also write phone-photo JPEGs of every image (frame 0)
 * @param baFraction   share of patients with biliary atresia (rounded to whole patients)
 * @param hardFraction share of each class drawn as its hard variant (contracted normal / near-normal BA);
 *                     faint, hidden and cord-mimicking cases scale with it too
 * @param cineFraction share of images stored as multi-frame cine loops (8-16 frames)
 * @param width        image width in pixels (even, for YBR_FULL_422)
 * @param height       image height in pixels
 * @param threads      patients generated in parallel; the output does not depend on it
 */
public record PhantomOptions(int patients, long seed, Path out, boolean photos, double baFraction, double hardFraction,
                             double cineFraction, int width, int height, int threads) {
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 480;
    public static final double DEFAULT_BA_FRACTION = 0.45;
    public static final double DEFAULT_HARD_FRACTION = 0.2;
    public static final double DEFAULT_CINE_FRACTION = 0.25;

    public PhantomOptions {
        Objects.requireNonNull(out, "out");
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1, got " + patients);
        }
        if (!(baFraction >= 0 && baFraction <= 1) || !(hardFraction >= 0 && hardFraction <= 1) || !(cineFraction >= 0 && cineFraction <= 1)) {
            throw new IllegalArgumentException("fractions must be within 0..1 (BA " + baFraction + ", hard " + hardFraction
                    + ", cine " + cineFraction + ")");
        }
        if (width < 128 || height < 96 || width % 2 != 0) {
            throw new IllegalArgumentException("image size must be at least 128x96 with an even width, got " + width + "x" + height);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** The defaults: 640x480, 45% BA, 20% hard, 25% cine, no photos, one thread per core (at most 8). */
    public static PhantomOptions of(int patients, long seed, Path out) {
        return new PhantomOptions(patients, seed, out, false, DEFAULT_BA_FRACTION, DEFAULT_HARD_FRACTION, DEFAULT_CINE_FRACTION,
                DEFAULT_WIDTH, DEFAULT_HEIGHT, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    public PhantomOptions withPhotos(boolean value) {
        return new PhantomOptions(patients, seed, out, value, baFraction, hardFraction, cineFraction, width, height, threads);
    }

    public PhantomOptions withBaFraction(double value) {
        return new PhantomOptions(patients, seed, out, photos, value, hardFraction, cineFraction, width, height, threads);
    }

    public PhantomOptions withHardFraction(double value) {
        return new PhantomOptions(patients, seed, out, photos, baFraction, value, cineFraction, width, height, threads);
    }

    public PhantomOptions withCineFraction(double value) {
        return new PhantomOptions(patients, seed, out, photos, baFraction, hardFraction, value, width, height, threads);
    }

    public PhantomOptions withSize(int newWidth, int newHeight) {
        return new PhantomOptions(patients, seed, out, photos, baFraction, hardFraction, cineFraction, newWidth, newHeight, threads);
    }

    public PhantomOptions withThreads(int value) {
        return new PhantomOptions(patients, seed, out, photos, baFraction, hardFraction, cineFraction, width, height, value);
    }
}
