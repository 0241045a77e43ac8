package org.gbscan.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureGateTest {
    private static final int DIM = 12;

    @TempDir
    Path dir;

    @Test
    void passesAboutTheChosenShareOfNewInDistributionSamplesAndRefusesFarOnes() {
        SplittableRandom random = new SplittableRandom(3);
        FeatureGate gate = FeatureGate.fit(sample(random, 2000, 0), sample(random, 500, 0), DIM, 0.99);

        float[] fresh = sample(random, 2000, 0);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            refused += gate.ratio(fresh, i * DIM) > 1 ? 1 : 0;
        }
        float[] far = sample(random, 100, 6);
        int farRefused = 0;
        for (int i = 0; i < 100; i++) {
            farRefused += gate.ratio(far, i * DIM) > 1 ? 1 : 0;
        }

        assertThat(refused).as("fresh in-distribution refused of 2000").isBetween(5, 60);
        assertThat(farRefused).as("shifted samples refused of 100").isEqualTo(100);
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        FeatureGate gate = FeatureGate.fit(sample(random, 300, 0), sample(random, 100, 0), DIM, 0.99);
        gate.write(dir);
        ModelCard card = ModelCard.forNewModel("g", "1", Architecture.RESNET, 18, 64)
                .withQualityGate(gate.describe(0.99, 300, 100));

        FeatureGate back = FeatureGate.read(dir, card);

        float[] probe = sample(random, 1, 1);
        assertThat(back.threshold()).isEqualTo(gate.threshold());
        assertThat(back.distance(probe, 0)).isCloseTo(gate.distance(probe, 0), within(1e-3 * gate.distance(probe, 0)));
    }

    /** Correlated Gaussian features (each dimension shares a common factor), shifted by {@code shift} SDs. */
    private static float[] sample(SplittableRandom random, int n, double shift) {
        float[] out = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            double common = random.nextGaussian();
            for (int d = 0; d < DIM; d++) {
                out[i * DIM + d] = (float) (0.7 * common + 0.7 * random.nextGaussian() + shift + d);
            }
        }
        return out;
    }
}
