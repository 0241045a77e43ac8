package org.gbscan.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Empirical ROC curve: one point per distinct score used as threshold (BA when score >= threshold),
 * from (0,0) at threshold +infinity to (1,1). Tied scores make one diagonal step, as the Mann-Whitney
 * AUC counts ties as one half, so the trapezoid area under these points equals that AUC.
 */
public final class RocCurve {
    private RocCurve() {
    }

    public record Point(double threshold, double falsePositiveRate, double truePositiveRate) {
    }

    public static List<Point> of(BinaryScores cases) {
        int m = cases.positives();
        int n = cases.negatives();
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("a ROC curve needs BA and non-BA cases");
        }
        Integer[] order = java.util.stream.IntStream.range(0, cases.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(cases.scores()[b], cases.scores()[a]));
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        int tp = 0, fp = 0;
        int i = 0;
        while (i < order.length) {
            double t = cases.scores()[order[i]];
            // Take every case tied at this score before emitting the point.
            while (i < order.length && cases.scores()[order[i]] == t) {
                if (cases.ba()[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.add(new Point(t, (double) fp / n, (double) tp / m));
        }
        return points;
    }

    /** Trapezoid area under the points. */
    public static double area(List<Point> points) {
        double area = 0;
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
        }
        return area;
    }
}
