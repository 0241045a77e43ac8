package org.gbscan.web;

import org.gbscan.core.Frame;

/**
 * Refuses frames the model cannot say anything useful about, before spending a forward pass on them:
 * too small, or with no usable image region (blank, uniformly dark or bright, a photo of nothing).
 */
final class ImageChecks {
    /** Below this luminance spread (standard deviation, 0..255) there is no structure to score. */
    static final double MIN_CONTRAST = 4.0;
    /** Below this share of pixels that are neither black nor burned out there is no image region. */
    static final double MIN_USABLE_SHARE = 0.02;
    private static final int SAMPLES_PER_SIDE = 128;

    private ImageChecks() {
    }

    static void requireUsable(Frame frame, int minSide, String name) {
        if (frame.width() < minSide || frame.height() < minSide) {
            throw ApiException.unprocessable(name + " is too small to score: " + frame.width() + "x" + frame.height()
                    + " px, needs at least " + minSide + " px on each side; photograph the ultrasound image so it"
                    + " fills most of the picture");
        }
        Stats stats = Stats.of(frame);
        if (stats.stdDev() < MIN_CONTRAST || stats.usableShare() < MIN_USABLE_SHARE) {
            throw ApiException.unprocessable(name + " has no usable image region: it is blank or almost uniform"
                    + " (luminance spread " + Math.round(stats.stdDev() * 10) / 10.0 + " of 255); photograph the"
                    + " ultrasound image itself, in focus and without glare");
        }
    }

    /** Luminance statistics over an evenly spaced grid of at most 128x128 samples. */
    record Stats(double mean, double stdDev, double usableShare) {
        static Stats of(Frame frame) {
            int stepX = Math.max(1, frame.width() / SAMPLES_PER_SIDE);
            int stepY = Math.max(1, frame.height() / SAMPLES_PER_SIDE);
            long n = 0;
            long usable = 0;
            double sum = 0;
            double sumSquares = 0;
            for (int y = 0; y < frame.height(); y += stepY) {
                for (int x = 0; x < frame.width(); x += stepX) {
                    int v = frame.luminance(x, y);
                    sum += v;
                    sumSquares += (double) v * v;
                    if (v > 12 && v < 245) {
                        usable++;
                    }
                    n++;
                }
            }
            double mean = sum / n;
            double variance = Math.max(0, sumSquares / n - mean * mean);
            return new Stats(mean, Math.sqrt(variance), (double) usable / n);
        }
    }
}
