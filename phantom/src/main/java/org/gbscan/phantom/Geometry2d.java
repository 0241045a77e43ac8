package org.gbscan.phantom;

/** Small plane-geometry helpers for painting structures. */
final class Geometry2d {
    private Geometry2d() {
    }

    static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    /** Distance to the nearest edge line, positive inside the triangle, negative outside. */
    static double triangleInsideDistance(double px, double py, double[] xs, double[] ys) {
        double area = (xs[1] - xs[0]) * (ys[2] - ys[0]) - (ys[1] - ys[0]) * (xs[2] - xs[0]);
        double sign = Math.signum(area);
        double d = Double.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            int n = (k + 1) % 3;
            double ex = xs[n] - xs[k], ey = ys[n] - ys[k];
            double len = Math.hypot(ex, ey);
            double cross = (ex * (py - ys[k]) - ey * (px - xs[k])) / len;
            d = Math.min(d, sign * cross);
        }
        return d;
    }

    static double smoothStep(double edge0, double edge1, double x) {
        double t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }
}
