package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What surrounds the gallbladder in both classes alike: hepatic veins (dark tubes that a model must not
 * take for a gallbladder), portal tracts (bright foci that it must not take for a cord), gas.
 */
final class Surroundings {
    private final ScanGeometry g;
    private final SplittableRandom rng;

    Surroundings(ScanGeometry geometry, SplittableRandom rng) {
        this.g = geometry;
        this.rng = rng;
    }

    double[][] veins(GallbladderSpec gb, GallbladderShape shape, double bifX, double bifY) {
        double mm = g.mmPerPx();
        int n = rng.nextInt(4);
        List<double[]> out = new ArrayList<>();
        for (int attempt = 0; attempt < 30 && out.size() < n; attempt++) {
            double depth = uniform(rng, 0.3, 0.92) * g.depthMm(), theta = uniform(rng, -0.85, 0.85) * g.halfAngle();
            double x = g.x(depth, theta), y = g.y(depth, theta);
            double dir = rng.nextDouble() * Math.PI, len = uniform(rng, 5, 14) / mm, r = uniform(rng, 0.6, 1.5) / mm;
            double x2 = x + len * Math.cos(dir), y2 = y + len * Math.sin(dir);
            boolean clear = true;
            for (double t = 0; t <= 1; t += 0.1) {
                double px = x + t * (x2 - x), py = y + t * (y2 - y);
                if (shape.signedDistance(px, py) < r + gb.wallPx() + 4 / mm || Math.hypot(px - bifX, py - bifY) < r + 9 / mm) {
                    clear = false;
                    break;
                }
            }
            if (clear) {
                out.add(new double[] {x, y, x2, y2, r});
            }
        }
        return out.toArray(new double[0][]);
    }

    double[][] dots() {
        double mm = g.mmPerPx();
        int n = 30 + rng.nextInt(40);
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) {
            double depth = uniform(rng, 6, g.depthMm()), theta = uniform(rng, -1, 1) * g.halfAngle();
            out[k] = new double[] {g.x(depth, theta), g.y(depth, theta), uniform(rng, 0.3, 0.7) / mm, uniform(rng, 3, 7)};
        }
        return out;
    }

    /** A gas bubble between the abdominal wall and the gallbladder that shadows part of it, or null if no room. */
    double[] gasOver(GallbladderSpec gb, double gbDepthMm, double gbExtentMm) {
        double mm = g.mmPerPx();
        double top = gbDepthMm - gbExtentMm - 3;
        if (top < 9) {
            return null;
        }
        double depth = uniform(rng, 7, top);
        double gbTheta = g.angle(gb.cx(), gb.cy());
        double angularHalf = gbExtentMm / mm / g.radius(gb.cx(), gb.cy());
        double theta = gbTheta + (rng.nextBoolean() ? 1 : -1) * uniform(rng, 0.3, 0.8) * angularHalf;
        return new double[] {g.x(depth, theta), g.y(depth, theta), uniform(rng, 1.5, 3) / mm, uniform(rng, 1.0, 2.0) / mm,
            uniform(rng, 14, 20), uniform(rng, 14, 24)};
    }

    /** Bowel gas deep in the image, away from the gallbladder. */
    double[] deepGas(double belowMm) {
        double mm = g.mmPerPx();
        double depth = uniform(rng, Math.min(belowMm + 8, g.depthMm() - 6), g.depthMm() - 4);
        double theta = uniform(rng, -0.9, 0.9) * g.halfAngle();
        return new double[] {g.x(depth, theta), g.y(depth, theta), uniform(rng, 3, 7) / mm, uniform(rng, 1.5, 3) / mm,
            uniform(rng, 14, 20), uniform(rng, 18, 30)};
    }
}
