package org.gbscan.inference.preprocess;

import java.util.random.RandomGenerator;

/**
 * Training augmentation, applied between crop and normalise; evaluation uses none of it.
 * {@link #study()} is the published recipe: RandomResizedCrop (area 0.8-1.0, aspect 3/4-4/3),
 * horizontal flip, contrast jitter 0.5. {@link #sites()} adds what differs between scanners and
 * hospitals, so a model trained at one site meets another's images: gain and gamma (the time-gain and
 * dynamic-range settings), blur (probe frequency, focus, JPEG smoothing), multiplicative speckle-like
 * noise, and a small rotation (probe angle).
 *
 * @param gainJitter      brightness factor drawn from 1 +- this
 * @param gammaJitter     gamma drawn log-uniformly from [1/(1+g), 1+g]
 * @param blurProbability chance of a Gaussian blur with sigma up to {@code maxBlurSigma} input pixels
 * @param noiseLevel      standard deviation of multiplicative noise, drawn uniformly from 0..this
 * @param rotationDegrees rotation drawn uniformly from +- this; the crop geometry is not rotated, so
 *                        heat maps of training samples are approximate (serving never rotates)
 */
public record Augmentation(double minArea, double maxArea, double minAspect, double maxAspect,
                           double flipProbability, double contrastJitter, double gainJitter, double gammaJitter,
                           double blurProbability, double maxBlurSigma, double noiseLevel, double rotationDegrees) {
    public Augmentation {
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
            throw new IllegalArgumentException("area range must satisfy 0 < min <= max <= 1, got " + minArea + ".." + maxArea);
        }
        if (!(minAspect > 0 && minAspect <= maxAspect)) {
            throw new IllegalArgumentException("aspect range must satisfy 0 < min <= max, got " + minAspect + ".." + maxAspect);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1) || !(contrastJitter >= 0 && contrastJitter < 1)) {
            throw new IllegalArgumentException("flip probability must be 0..1 and contrast jitter 0..<1");
        }
        if (!(gainJitter >= 0 && gainJitter < 1) || !(gammaJitter >= 0) || !(blurProbability >= 0 && blurProbability <= 1)
                || !(maxBlurSigma >= 0) || !(noiseLevel >= 0 && noiseLevel < 1) || !(rotationDegrees >= 0 && rotationDegrees <= 45)) {
            throw new IllegalArgumentException("gain 0..<1, gamma >= 0, blur probability 0..1, sigma >= 0, noise 0..<1, rotation 0..45 degrees");
        }
    }

    /** The published recipe. */
    public static Augmentation study() {
        return new Augmentation(0.8, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5, 0.5, 0, 0, 0, 0, 0, 0);
    }

    /** The study's recipe plus scanner and site differences (the ba2021 recipe's choice). */
    public static Augmentation sites() {
        return new Augmentation(0.6, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5, 0.4, 0.25, 0.4, 0.3, 1.2, 0.15, 15);
    }

    /** By name, for options and model cards: "study" or "sites". */
    public static Augmentation named(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "study" -> study();
            case "sites" -> sites();
            default -> throw new IllegalArgumentException("augmentation must be study or sites, got '" + name + "'");
        };
    }

    public CroppedImage apply(CroppedImage image, RandomGenerator random) {
        CroppedImage out = image;
        if (rotationDegrees > 0) {
            out = out.rotated(Math.toRadians((random.nextDouble() * 2 - 1) * rotationDegrees));
        }
        out = randomResizedCrop(out, random);
        if (random.nextDouble() < flipProbability) {
            out = out.flippedHorizontally();
        }
        if (gainJitter > 0 || gammaJitter > 0) {
            double gain = 1.0 + (random.nextDouble() * 2 - 1) * gainJitter;
            double logG = Math.log1p(gammaJitter);
            double gamma = Math.exp((random.nextDouble() * 2 - 1) * logG);
            out = out.withGainGamma((float) gain, (float) gamma);
        }
        if (contrastJitter > 0) {
            out = out.withContrast((float) (1.0 + (random.nextDouble() * 2 - 1) * contrastJitter));
        }
        if (blurProbability > 0 && random.nextDouble() < blurProbability) {
            out = out.blurred((float) (0.3 + random.nextDouble() * Math.max(0, maxBlurSigma - 0.3)));
        }
        if (noiseLevel > 0) {
            out = out.withMultiplicativeNoise((float) (random.nextDouble() * noiseLevel), random);
        }
        return out;
    }

    /** torchvision's RandomResizedCrop sampling: 10 tries at a random area and log-uniform aspect, else the whole image. */
    public CroppedImage randomResizedCrop(CroppedImage image, RandomGenerator random) {
        int w = image.width(), h = image.height();
        double area = (double) w * h;
        double logMin = Math.log(minAspect), logMax = Math.log(maxAspect);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minArea + random.nextDouble() * (maxArea - minArea));
            double aspect = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                int x = random.nextInt(w - cw + 1);
                int y = random.nextInt(h - ch + 1);
                return image.subRegion(x, y, cw, ch);
            }
        }
        return image;
    }
}
