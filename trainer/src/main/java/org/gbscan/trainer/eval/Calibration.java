package org.gbscan.trainer.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Reliability of the BA probability: cases binned by predicted BA probability into equal-width bins
 * [0,0.1), [0.1,0.2) ... [0.9,1.0]; ECE = sum over bins of (bin count / N) * |mean predicted - observed BA rate|.
 */
public final class Calibration {
    public static final int DEFAULT_BINS = 10;

    private Calibration() {
    }

    public record Bin(double from, double to, int count, double meanPredicted, double observedRate) {
    }

    public record Result(List<Bin> bins, double expectedCalibrationError) {
        public Result {
            bins = List.copyOf(bins);
        }
    }

    public static Result of(BinaryScores cases) {
        return of(cases, DEFAULT_BINS);
    }

    public static Result of(BinaryScores cases, int binCount) {
        if (cases.size() == 0) {
            throw new IllegalArgumentException("calibration needs at least one case");
        }
        int[] count = new int[binCount];
        double[] predicted = new double[binCount];
        int[] positives = new int[binCount];
        for (int i = 0; i < cases.size(); i++) {
            double p = cases.scores()[i];
            int b = Math.min(binCount - 1, (int) Math.floor(p * binCount)); // p = 1.0 goes to the last bin
            count[b]++;
            predicted[b] += p;
            positives[b] += cases.ba()[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            double mean = count[b] == 0 ? Double.NaN : predicted[b] / count[b];
            double rate = count[b] == 0 ? Double.NaN : (double) positives[b] / count[b];
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b], mean, rate));
            if (count[b] > 0) {
                ece += (double) count[b] / cases.size() * Math.abs(mean - rate);
            }
        }
        return new Result(bins, ece);
    }
}
