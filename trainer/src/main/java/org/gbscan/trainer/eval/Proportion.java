package org.gbscan.trainer.eval;

import java.util.Locale;

/**
 * A proportion successes/trials with its Wilson score interval (Wilson 1927):
 * centre = (p + z^2/2n) / (1 + z^2/n), half-width = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
 * With no trials value and bounds are NaN.
 */
public record Proportion(int successes, int trials, double value, double lower, double upper, double level) {

    public static Proportion wilson(int successes, int trials) {
        return wilson(successes, trials, 0.95);
    }

    public static Proportion wilson(int successes, int trials, double level) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        if (trials == 0) {
            return new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN, level);
        }
        double z = DeLong.zFor(level);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(successes, trials, p, Math.max(0, centre - half), Math.min(1, centre + half), level);
    }

    /** "93.1% (27/29, 95% CI 78.0-98.1%)". */
    public String formatted() {
        if (trials == 0) {
            return "n/a (0 cases)";
        }
        return String.format(Locale.ROOT, "%.1f%% (%d/%d, %d%% CI %.1f-%.1f%%)", value * 100, successes, trials,
                Math.round(level * 100), lower * 100, upper * 100);
    }
}
