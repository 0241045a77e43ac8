package org.gbscan.web;

import org.gbscan.core.Config;
import org.gbscan.core.Photos;
import org.gbscan.core.dicom.ImageLimits;

/**
 * Settings of the scoring page and its API, read from {@link Config}.
 *
 * <table>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>web.maxUploadBytes</td><td>20 MiB</td><td>largest photo or DICOM file {@code POST /api/score} accepts; larger gets 413</td></tr>
 *   <tr><td>web.minImageSide</td><td>32</td><td>smallest width and height in pixels an image may have; smaller gets 422 (32 lets the study's own 60x60 images through)</td></tr>
 *   <tr><td>web.maxFrames</td><td>8</td><td>evenly spaced frames scored of a multi-frame (cine) DICOM upload</td></tr>
 *   <tr><td>web.storeScores</td><td>false</td><td>save each scored upload as a study in the report store; off: nothing about an upload is kept</td></tr>
 *   <tr><td>web.studiesLimit</td><td>50</td><td>most studies {@code GET /api/studies} lists</td></tr>
 *   <tr><td>web.scoringThreads</td><td>4</td><td>uploads scored at once (off the event loop); concurrent ones share the scorer's batches</td></tr>
 *   <tr><td>web.overlaySide</td><td>640</td><td>longest side in pixels of the CAM overlay and preview PNGs sent back</td></tr>
 *   <tr><td>web.maxImagePixels</td><td>50000000</td><td>largest width x height a photo's header may declare; checked before
 *       any pixel is decoded, larger gets 422 (a few hundred KB of PNG can declare gigabytes of pixels)</td></tr>
 *   <tr><td>listener.image.*, listener.maxNestingDepth</td><td>see {@link ImageLimits}</td><td>the listener's image
 *       limits, checked on a DICOM upload's header before any pixel is decoded; beyond them gets 422</td></tr>
 * </table>
 */
public record WebSettings(long maxUploadBytes, int minImageSide, int maxFrames, boolean storeScores,
                          int studiesLimit, int scoringThreads, int overlaySide, long maxImagePixels,
                          ImageLimits dicomLimits) {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;
    /** Small enough for the 60x60 gallbladder images of the published study's data; the model resizes anyway. */
    public static final int DEFAULT_MIN_IMAGE_SIDE = 32;

    public WebSettings {
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("web.maxUploadBytes must be positive, got " + maxUploadBytes);
        }
        if (minImageSide < 1) {
            throw new IllegalArgumentException("web.minImageSide must be >= 1, got " + minImageSide);
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("web.maxFrames must be >= 1, got " + maxFrames);
        }
        if (studiesLimit < 1 || studiesLimit > 1000) {
            throw new IllegalArgumentException("web.studiesLimit must be within 1..1000, got " + studiesLimit);
        }
        if (scoringThreads < 1) {
            throw new IllegalArgumentException("web.scoringThreads must be >= 1, got " + scoringThreads);
        }
        if (overlaySide < 64) {
            throw new IllegalArgumentException("web.overlaySide must be >= 64, got " + overlaySide);
        }
        if (maxImagePixels < (long) minImageSide * minImageSide) {
            throw new IllegalArgumentException("web.maxImagePixels must allow at least web.minImageSide squared, got "
                    + maxImagePixels);
        }
        java.util.Objects.requireNonNull(dicomLimits, "dicomLimits");
    }

    public WebSettings(long maxUploadBytes, int minImageSide, int maxFrames, boolean storeScores, int studiesLimit,
                       int scoringThreads, int overlaySide) {
        this(maxUploadBytes, minImageSide, maxFrames, storeScores, studiesLimit, scoringThreads, overlaySide,
                Photos.DEFAULT_MAX_PIXELS, ImageLimits.DEFAULT);
    }

    public static WebSettings defaults() {
        return from(Config.empty());
    }

    public static WebSettings from(Config config) {
        return new WebSettings(
                config.getLong("web.maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES),
                config.getInt("web.minImageSide", DEFAULT_MIN_IMAGE_SIDE),
                config.getInt("web.maxFrames", 8),
                config.getBoolean("web.storeScores", false),
                config.getInt("web.studiesLimit", 50),
                config.getInt("web.scoringThreads", 4),
                config.getInt("web.overlaySide", 640),
                config.getLong("web.maxImagePixels", Photos.DEFAULT_MAX_PIXELS),
                ImageLimits.from(config));
    }

    public WebSettings withMaxUploadBytes(long bytes) {
        return new WebSettings(bytes, minImageSide, maxFrames, storeScores, studiesLimit, scoringThreads, overlaySide,
                maxImagePixels, dicomLimits);
    }

    public WebSettings withStoreScores(boolean store) {
        return new WebSettings(maxUploadBytes, minImageSide, maxFrames, store, studiesLimit, scoringThreads, overlaySide,
                maxImagePixels, dicomLimits);
    }

    public WebSettings withMaxImagePixels(long pixels) {
        return new WebSettings(maxUploadBytes, minImageSide, maxFrames, storeScores, studiesLimit, scoringThreads,
                overlaySide, pixels, dicomLimits);
    }

    public WebSettings withDicomLimits(ImageLimits limits) {
        return new WebSettings(maxUploadBytes, minImageSide, maxFrames, storeScores, studiesLimit, scoringThreads,
                overlaySide, maxImagePixels, limits);
    }
}
