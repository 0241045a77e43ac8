package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.util.SplittableRandom;

/**
 * The portal vein at the porta hepatis beside the gallbladder: a main trunk and two branches meeting at
 * the bifurcation, with the echogenic walls portal veins have. The triangular cord sits anterior to the
 * bifurcation (towards the probe).
 */
record PortalVein(double bifurcationX, double bifurcationY, double[][] segments, double wallPx, double wallDb,
                  double trunkRadiusPx) {

    static PortalVein place(ScanGeometry g, SplittableRandom rng, GallbladderSpec gb, GallbladderShape shape) {
        double mm = g.mmPerPx();
        double reach = Math.abs(gb.halfLengthPx() * Math.cos(gb.angle())) + Math.abs(gb.halfWidthPx() * Math.sin(gb.angle()));
        double side = gb.cx() < g.apexX() ? 1 : -1;
        double bx = 0, by = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            double s = attempt % 2 == 0 ? side : -side;
            bx = gb.cx() + s * (reach + uniform(rng, 5, 11) / mm);
            by = gb.cy() + uniform(rng, 2, 9) / mm;
            if (g.inFan(bx - 12 / mm, by) && g.inFan(bx + 12 / mm, by) && g.inFan(bx, by + 14 / mm)) {
                break;
            }
            if (attempt == 7) { // no room beside it: below the gallbladder
                bx = gb.cx();
                by = gb.cy() + gb.halfWidthPx() * 2 + 8 / mm;
            }
        }
        double trunkR = uniform(rng, 1.3, 2.0) / mm, branchR = uniform(rng, 0.9, 1.3) / mm;
        double down = Math.PI / 2 + uniform(rng, -0.6, 0.6);
        double trunkLen = uniform(rng, 7, 12) / mm;
        double[] trunk = {bx, by, bx + trunkLen * Math.cos(down), by + trunkLen * Math.sin(down), trunkR};
        double[] left = branch(bx, by, down + Math.PI + uniform(rng, 0.9, 1.4), uniform(rng, 5, 10) / mm, branchR, shape);
        double[] right = branch(bx, by, down + Math.PI - uniform(rng, 0.9, 1.4), uniform(rng, 5, 10) / mm, branchR, shape);
        return new PortalVein(bx, by, new double[][] {trunk, left, right}, 0.5 / mm, uniform(rng, 6, 10), trunkR);
    }

    /** A branch from the bifurcation, cut short where it would run into the gallbladder. */
    private static double[] branch(double x, double y, double angle, double length, double radius, GallbladderShape gb) {
        double c = Math.cos(angle), s = Math.sin(angle);
        double usable = length;
        for (double t = radius * 2; t <= length; t += 1) {
            if (gb.signedDistance(x + t * c, y + t * s) < gb.spec().wallPx() + radius + 3) {
                usable = Math.max(radius, t - radius - 2);
                break;
            }
        }
        return new double[] {x, y, x + usable * c, y + usable * s, radius};
    }

    /**
     * An echogenic triangle anterior to the bifurcation: its base lies along the vein's anterior wall,
     * its tip points towards the probe, {@code thicknessMm} from base to tip.
     */
    ViewCase.Triangle cord(ScanGeometry g, SplittableRandom rng, double thicknessMm, double db) {
        double mm = g.mmPerPx();
        double ax = g.apexX() - bifurcationX, ay = g.apexY() - bifurcationY;
        double len = Math.hypot(ax, ay);
        ax /= len;
        ay /= len;
        double px = -ay, py = ax;
        double offset = trunkRadiusPx + wallPx + 0.3 / mm;
        double baseX = bifurcationX + ax * offset, baseY = bifurcationY + ay * offset;
        double half = uniform(rng, 3.5, 6.5) / mm, shift = uniform(rng, -0.3, 0.3) * half;
        double thick = thicknessMm / mm;
        double[] xs = {baseX + px * half, baseX - px * half, baseX + ax * thick + px * shift};
        double[] ys = {baseY + py * half, baseY - py * half, baseY + ay * thick + py * shift};
        return new ViewCase.Triangle(xs, ys, db);
    }
}
