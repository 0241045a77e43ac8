package org.gbscan.phantom;

import java.util.SplittableRandom;

/**
 * Seeds for independent parts of a phantom (a patient, an image, a frame's speckle). Each part gets its
 * own stream from the user's seed and its coordinates, so parts can be made in any order or in parallel
 * and still come out the same.
 */
final class Seeds {
    private Seeds() {
    }

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = finish(h ^ finish(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    static SplittableRandom rng(long... parts) {
        return new SplittableRandom(mix(parts));
    }

    /** SplitMix64's finaliser: a strong 64-bit mixer. */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
