package org.gbscan.inference.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network's own sense of "I have seen images like this": the Mahalanobis distance of an image's
 * pooled last-stage features from those of the training images (Lee et al. 2018), with a shrunk
 * covariance so a few hundred images give a stable inverse. The threshold is a high quantile of the
 * distances of held-out in-distribution images, so about 1 - quantile of real images are refused and
 * anything further from the training data than they are is refused too. Stored beside the weights as
 * {@value #FILE_NAME}; the card's {@code qualityGate} says how it was fitted.
 */
public final class FeatureGate {
    public static final String FILE_NAME = "feature-gate.bin";
    private static final int MAGIC = 0x47424647; // "GBFG"
    /** Share of the mean variance added to the covariance's diagonal (Ledoit-Wolf style shrinkage). */
    static final double SHRINKAGE = 0.1;

    private final float[] mean;
    private final double[] precision;
    private final double threshold;

    private FeatureGate(float[] mean, double[] precision, double threshold) {
        if (precision.length != mean.length * mean.length || !(threshold > 0)) {
            throw new IllegalArgumentException("gate needs a " + mean.length + "x" + mean.length + " precision and a positive threshold");
        }
        this.mean = mean;
        this.precision = precision;
        this.threshold = threshold;
    }

    public int dimension() {
        return mean.length;
    }

    public double threshold() {
        return threshold;
    }

    /** Distance of the feature vector at {@code offset} of {@code features}. */
    public double distance(float[] features, int offset) {
        int c = mean.length;
        double[] d = new double[c];
        for (int i = 0; i < c; i++) {
            d[i] = features[offset + i] - mean[i];
        }
        double sum = 0;
        for (int i = 0; i < c; i++) {
            double row = 0;
            int base = i * c;
            for (int j = 0; j < c; j++) {
                row += precision[base + j] * d[j];
            }
            sum += d[i] * row;
        }
        return Math.sqrt(Math.max(0, sum));
    }

    /** Distance in units of the threshold: above 1 is out of distribution. */
    public double ratio(float[] features, int offset) {
        return distance(features, offset) / threshold;
    }

    /**
     * @param train    pooled features of the training images, row-major (n x dimension)
     * @param held     pooled features of held-out in-distribution images
     * @param quantile share of held-out images that must pass (e.g. 0.99)
     */
    public static FeatureGate fit(float[] train, float[] held, int dimension, double quantile) {
        int n = train.length / dimension;
        if (n < 2 || train.length % dimension != 0 || held.length % dimension != 0 || held.length == 0) {
            throw new IllegalArgumentException("need at least 2 training and 1 held-out feature vectors of " + dimension);
        }
        float[] mean = new float[dimension];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dimension; i++) {
                mean[i] += train[r * dimension + i] / n;
            }
        }
        double[] cov = new double[dimension * dimension];
        double[] d = new double[dimension];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dimension; i++) {
                d[i] = train[r * dimension + i] - mean[i];
            }
            for (int i = 0; i < dimension; i++) {
                for (int j = i; j < dimension; j++) {
                    cov[i * dimension + j] += d[i] * d[j] / (n - 1);
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < dimension; i++) {
            trace += cov[i * dimension + i];
            for (int j = 0; j < i; j++) {
                cov[i * dimension + j] = cov[j * dimension + i];
            }
        }
        double ridge = SHRINKAGE * Math.max(trace / dimension, 1e-12);
        for (int i = 0; i < dimension; i++) {
            cov[i * dimension + i] += ridge;
        }
        double[] precision = SymmetricInverse.of(cov, dimension);
        FeatureGate unscaled = new FeatureGate(mean, precision, 1.0);
        int m = held.length / dimension;
        double[] distances = new double[m];
        for (int r = 0; r < m; r++) {
            distances[r] = unscaled.distance(held, r * dimension);
        }
        Arrays.sort(distances);
        double t = distances[Math.min(m - 1, (int) Math.ceil(quantile * m) - 1)];
        return new FeatureGate(mean, precision, Math.max(t, 1e-6));
    }

    /** What the card records about the gate. */
    public Map<String, Object> describe(double quantile, int trainImages, int heldImages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "Mahalanobis distance of pooled last-stage features, shrunk covariance");
        m.put("file", FILE_NAME);
        m.put("dimension", mean.length);
        m.put("threshold", threshold);
        m.put("heldOutQuantile", quantile);
        m.put("trainImages", trainImages);
        m.put("heldOutImages", heldImages);
        return m;
    }

    public void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(mean.length);
            out.writeDouble(threshold);
            for (float v : mean) {
                out.writeFloat(v);
            }
            for (double v : precision) {
                out.writeFloat((float) v);
            }
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The gate stored in a model directory, or null when the card has none. */
    static FeatureGate read(Path dir, ModelCard card) throws ModelLoadException {
        if (card.qualityGate() == null) {
            return null;
        }
        Path file = dir.resolve(FILE_NAME);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new ModelLoadException(dir, file + " is not a gbscan feature gate");
            }
            int c = in.readInt();
            if (c <= 0 || c > 8192) {
                throw new ModelLoadException(dir, file + " declares " + c + " features");
            }
            double threshold = in.readDouble();
            float[] mean = new float[c];
            for (int i = 0; i < c; i++) {
                mean[i] = in.readFloat();
            }
            double[] precision = new double[c * c];
            for (int i = 0; i < precision.length; i++) {
                precision[i] = in.readFloat();
            }
            return new FeatureGate(mean, precision, threshold);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(dir, "the card of " + dir + " has a quality gate but " + FILE_NAME + " is missing");
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(dir, "feature gate " + file + " is damaged: " + e.getMessage(), e);
        }
    }
}
