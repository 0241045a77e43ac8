package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.util.SplittableRandom;

/**
 * Turns a patient's gallbladder into one view: size and shape jittered a little, the contour's
 * harmonics from the patient's own shape seed (so all views of one patient look related), lining gaps,
 * and a position inside the fan below the abdominal wall.
 */
final class GallbladderPlacer {
    private final ScanGeometry g;
    private final SplittableRandom rng;

    GallbladderPlacer(ScanGeometry geometry, SplittableRandom rng) {
        this.g = geometry;
        this.rng = rng;
    }

    /** The view's gallbladder with its length, centre depth and half extent in mm. */
    record Placed(GallbladderSpec spec, double lengthMm, double depthMm, double extentMm) {
    }

    Placed place(PatientCase p, boolean faint) {
        double mm = g.mmPerPx();
        double length = p.lengthMm() * uniform(rng, 0.92, 1.08);
        double widthRatio = p.widthRatio() * uniform(rng, 0.9, 1.1);
        SplittableRandom shapeRng = new SplittableRandom(p.shapeSeed());
        int count = 4;
        int[] ks = new int[count];
        double[] amps = new double[count], phases = new double[count];
        double total = 0;
        for (int h = 0; h < count; h++) {
            ks[h] = 2 + h + (shapeRng.nextDouble() < 0.4 ? 1 : 0);
            amps[h] = Math.pow(shapeRng.nextDouble(), 2) + 0.05; // a few strong lobes rather than even ripple
            phases[h] = shapeRng.nextDouble() * 2 * Math.PI;
            total += amps[h];
        }
        for (int h = 0; h < count; h++) {
            amps[h] = amps[h] / total * p.irregularity() * uniform(rng, 0.85, 1.15);
            phases[h] += uniform(rng, -0.3, 0.3);
        }
        double[][] gaps = gaps(p.completeness());
        double lumenDb = faint ? uniform(rng, -13, -8) : p.lumenDb();
        double wallDb = faint ? p.wallDb() * 0.5 : p.wallDb();
        double angle = uniform(rng, -0.6, 0.6) + (rng.nextBoolean() ? Math.PI : 0);
        double halfLength = length / 2 / mm, halfWidth = halfLength * widthRatio;
        double extentMm = length / 2 * (1 + p.irregularity()) + p.wallMm();
        for (int attempt = 0; ; attempt++) {
            double depth = uniform(rng, Math.max(12, extentMm + 9), Math.max(Math.max(12, extentMm + 9) + 1, Math.min(40, g.depthMm() * 0.62)));
            double theta = uniform(rng, -0.55, 0.55) * g.halfAngle();
            double cx = g.x(depth, theta), cy = g.y(depth, theta);
            GallbladderSpec spec = new GallbladderSpec(cx, cy, halfLength, halfWidth, angle, p.pear(), amps, ks, phases,
                    p.wallMm() / mm, wallDb, p.blurMm() / mm, p.layeredWall(), gaps[0], gaps[1], lumenDb);
            if (fits(spec) || attempt == 60) {
                return new Placed(spec, length, depth, extentMm);
            }
            if (attempt % 10 == 9) { // a big gallbladder in a small fan: turn it towards horizontal
                angle = angle * 0.5;
            }
        }
    }

    /** Lining gaps as (centres, half widths): their total is the missing fraction of the circumference. */
    private double[][] gaps(double completeness) {
        if (completeness >= 1) {
            return new double[][] {new double[0], new double[0]};
        }
        int n = 1 + rng.nextInt(3);
        double[] centres = new double[n], halves = new double[n], weights = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            weights[k] = 0.5 + rng.nextDouble();
            sum += weights[k];
        }
        for (int k = 0; k < n; k++) {
            centres[k] = rng.nextDouble() * 2 * Math.PI - Math.PI;
            halves[k] = Math.PI * (1 - completeness) * weights[k] / sum;
        }
        return new double[][] {centres, halves};
    }

    /** True when the whole organ (outline grown by its irregularity and wall) lies in the fan, below the abdominal wall. */
    private boolean fits(GallbladderSpec spec) {
        double grow = 1.05;
        for (double a : spec.amplitudes()) {
            grow += a;
        }
        double pad = spec.wallPx() + 4;
        double u = spec.halfLengthPx() * grow + pad, v = spec.halfWidthPx() * (1 + Math.abs(spec.pear())) * grow + pad;
        double c = Math.cos(spec.angle()), s = Math.sin(spec.angle());
        for (int k = 0; k < 36; k++) {
            double a = k * Math.PI / 18;
            double x = spec.cx() + u * Math.cos(a) * c - v * Math.sin(a) * s;
            double y = spec.cy() + u * Math.cos(a) * s + v * Math.sin(a) * c;
            if (!g.inFan(x, y) || (g.radius(x, y) - g.r0()) * g.mmPerPx() < 7) {
                return false;
            }
        }
        return true;
    }
}
