package org.gbscan.phantom;

/**
 * The sector fan of a curved-array probe as drawn on screen: a virtual apex above the image, the skin
 * line at radius {@code r0} and the deepest line at {@code r1} (pixels), within +-{@code halfAngle}
 * radians of straight down. Pixels are square; {@code mmPerPx} follows from the depth setting.
 */
record ScanGeometry(int width, int height, double apexX, double apexY, double r0, double r1,
                    double halfAngle, double mmPerPx) {

    double depthMm() {
        return (r1 - r0) * mmPerPx;
    }

    double radius(double x, double y) {
        return Math.hypot(x - apexX, y - apexY);
    }

    /** Angle from straight down, positive to the right of the image. */
    double angle(double x, double y) {
        return Math.atan2(x - apexX, y - apexY);
    }

    boolean inFan(double x, double y) {
        double vx = x - apexX, vy = y - apexY, rsq = vx * vx + vy * vy;
        return vy > 0 && rsq >= r0 * r0 && rsq <= r1 * r1 && Math.abs(vx) <= Math.tan(halfAngle) * vy;
    }

    /** Image x of the point at depth {@code depthMm} below the skin line and angle {@code theta}. */
    double x(double depthMm, double theta) {
        return apexX + (r0 + depthMm / mmPerPx) * Math.sin(theta);
    }

    double y(double depthMm, double theta) {
        return apexY + (r0 + depthMm / mmPerPx) * Math.cos(theta);
    }

    double px(double mm) {
        return mm / mmPerPx;
    }
}
