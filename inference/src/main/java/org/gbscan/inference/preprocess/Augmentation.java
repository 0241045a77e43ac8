package org.gbscan.inference.preprocess;

import java.util.random.RandomGenerator;

/**
 * The study's training augmentation, applied between crop and normalise: RandomResizedCrop
 * (area 0.8-1.0, aspect 3/4-4/3), horizontal flip, contrast jitter 0.5. Evaluation uses none of it.
 */
public record Augmentation(double minArea, double maxArea, double minAspect, double maxAspect,
                           double flipProbability, double contrastJitter) {
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
    }

    public static Augmentation study() {
        return new Augmentation(0.8, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5, 0.5);
    }

    public CroppedImage apply(CroppedImage image, RandomGenerator random) {
        CroppedImage out = randomResizedCrop(image, random);
        if (random.nextDouble() < flipProbability) {
            out = out.flippedHorizontally();
        }
        if (contrastJitter > 0) {
            out = out.withContrast((float) (1.0 + (random.nextDouble() * 2 - 1) * contrastJitter));
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
