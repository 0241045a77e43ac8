package org.gbscan.trainer.train;

import java.util.Random;

/**
 * The study's training augmentation on a grey image, written out so that it runs once per sample per
 * epoch without the engine: RandomResizedCrop (area scale 0.8-1, aspect ratio 3/4-4/3, as torchvision),
 * horizontal flip (p = 0.5), contrast jitter (factor uniform in [1 - c, 1 + c] around the image mean,
 * as torchvision's ColorJitter(contrast = c)). Output values are 0..1, size x size.
 */
public record Augmentation(double minScale, double maxScale, double flipProbability, double contrast) {
    public static final Augmentation STUDY = new Augmentation(0.8, 1.0, 0.5, 0.5);
    /** Evaluation: plain resize, nothing random. */
    public static final Augmentation NONE = new Augmentation(1.0, 1.0, 0.0, 0.0);

    private static final double MIN_RATIO = 3.0 / 4;
    private static final double MAX_RATIO = 4.0 / 3;

    public Augmentation {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("crop scale must satisfy 0 < min <= max <= 1, got " + minScale + ".." + maxScale);
        }
        if (flipProbability < 0 || flipProbability > 1 || contrast < 0 || contrast >= 1) {
            throw new IllegalArgumentException("flip probability must be in 0..1 and contrast in [0,1)");
        }
    }

    public float[] apply(GrayImage image, int size, Random random) {
        float[] box = cropBox(image, random);
        boolean flip = random.nextDouble() < flipProbability;
        float[] out = new float[size * size];
        float sx = box[2] / size;
        float sy = box[3] / size;
        double sum = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int ox = flip ? size - 1 - x : x;
                float v = image.sample(box[0] + (x + 0.5f) * sx, box[1] + (y + 0.5f) * sy) / 255f;
                out[y * size + ox] = v;
                sum += v;
            }
        }
        if (contrast > 0) {
            float factor = (float) (1 - contrast + 2 * contrast * random.nextDouble());
            float mean = (float) (sum / out.length);
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0f, Math.min(1f, mean + factor * (out[i] - mean)));
            }
        }
        return out;
    }

    /** x, y, width, height of the crop; torchvision's 10 tries, then the whole image. */
    private float[] cropBox(GrayImage image, Random random) {
        double area = (double) image.width() * image.height();
        if (minScale < 1) {
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
                double logRatio = Math.log(MIN_RATIO) + (Math.log(MAX_RATIO) - Math.log(MIN_RATIO)) * random.nextDouble();
                double ratio = Math.exp(logRatio);
                int w = (int) Math.round(Math.sqrt(target * ratio));
                int h = (int) Math.round(Math.sqrt(target / ratio));
                if (w > 0 && h > 0 && w <= image.width() && h <= image.height()) {
                    int x = random.nextInt(image.width() - w + 1);
                    int y = random.nextInt(image.height() - h + 1);
                    return new float[]{x, y, w, h};
                }
            }
        }
        return new float[]{0, 0, image.width(), image.height()};
    }
}
