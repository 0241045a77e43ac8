package org.gbscan.trainer.eval;

/**
 * Temperature scaling with a bias (Platt scaling on the logit difference): P(BA) = sigmoid(z / T + b),
 * z = logit(BA) - logit(non-BA). Fitted by Newton's method on the log-loss of predictions the model made
 * on images it was not trained on (out-of-fold). The temperature alone fixes over-confidence; the bias
 * undoes the shift that the class-weighted loss (BA x5) puts into every logit. Ranking, and so AUC, is
 * unchanged.
 */
public record TemperatureScaling(double temperature, double bias) {
    public static final TemperatureScaling IDENTITY = new TemperatureScaling(1.0, 0.0);

    public TemperatureScaling {
        if (!(temperature > 0) || !Double.isFinite(temperature) || !Double.isFinite(bias)) {
            throw new IllegalArgumentException("temperature must be positive and bias finite, got " + temperature + ", " + bias);
        }
    }

    public double probability(double logitDifference) {
        return sigmoid(logitDifference / temperature + bias);
    }

    /** Minimises the mean log-loss; a small ridge keeps it finite on separable data. */
    public static TemperatureScaling fit(double[] logitDifference, boolean[] ba) {
        if (logitDifference.length != ba.length || logitDifference.length == 0) {
            throw new IllegalArgumentException("need one label per logit difference, and at least one");
        }
        double a = 1.0, b = 0.0;
        final double ridge = 1e-3;
        for (int iter = 0; iter < 100; iter++) {
            double ga = ridge * (a - 1), gb = ridge * b, haa = ridge, hab = 0, hbb = ridge;
            for (int i = 0; i < ba.length; i++) {
                double z = logitDifference[i];
                double p = sigmoid(a * z + b);
                double r = p - (ba[i] ? 1 : 0);
                double w = Math.max(p * (1 - p), 1e-12);
                ga += r * z;
                gb += r;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            // damped: halve the Newton step until the loss falls (saturated sigmoids make the full step overshoot)
            double before = loss(logitDifference, ba, a, b, ridge);
            double step = 1.0;
            while (step > 1e-6 && loss(logitDifference, ba, a - step * da, b - step * db, ridge) > before) {
                step /= 2;
            }
            a -= step * da;
            b -= step * db;
            if (Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10) {
                break;
            }
        }
        if (!(a > 1e-6)) {
            // a non-positive slope means the scores rank backwards: calibration cannot help, keep them as they are
            return IDENTITY;
        }
        return new TemperatureScaling(1.0 / a, b);
    }

    private static double loss(double[] z, boolean[] ba, double a, double b, double ridge) {
        double sum = 0.5 * ridge * ((a - 1) * (a - 1) + b * b);
        for (int i = 0; i < z.length; i++) {
            double x = a * z[i] + b;
            // log(1 + e^-x) for BA, log(1 + e^x) otherwise, computed without overflow
            double m = ba[i] ? -x : x;
            sum += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }
        return sum;
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }
}
