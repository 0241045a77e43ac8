package org.gbscan.phantom;

/**
 * The gallbladder as drawn: a pear-shaped oval whose radius is modulated by a few harmonics (a
 * lobulated contour when they are strong), an anechoic lumen, a wall that may be thin and bright,
 * thick and layered (contracted after a feed), or thick, blurred and interrupted with no crisp lining
 * (biliary atresia: the indistinct wall of the ghost triad).
 * Radius, its derivative and the wall's visibility are tabulated by angle so painting costs one
 * {@code atan2} per pixel.
 */
final class GallbladderShape {
    private static final int TABLE = 1024;

    private final GallbladderSpec spec;
    private final float[] radius = new float[TABLE + 1];
    private final float[] slope = new float[TABLE + 1];
    private final float[] visibility = new float[TABLE + 1];
    private final double cos;
    private final double sin;
    private double maxRadius;

    GallbladderShape(GallbladderSpec spec) {
        this.spec = spec;
        this.cos = Math.cos(spec.angle());
        this.sin = Math.sin(spec.angle());
        double step = 2 * Math.PI / TABLE;
        for (int k = 0; k <= TABLE; k++) {
            double phi = -Math.PI + k * step;
            radius[k] = (float) radiusAt(phi);
            slope[k] = (float) ((radiusAt(phi + 1e-3) - radiusAt(phi - 1e-3)) / 2e-3);
            visibility[k] = (float) visibilityAt(phi);
            maxRadius = Math.max(maxRadius, radius[k]);
        }
    }

    GallbladderSpec spec() {
        return spec;
    }

    private double radiusAt(double phi) {
        double a = spec.halfLengthPx();
        double b = spec.halfWidthPx() * (1 + spec.pear() * Math.cos(phi));
        double c = Math.cos(phi), s = Math.sin(phi);
        double r = 1 / Math.sqrt(c * c / (a * a) + s * s / (b * b));
        double m = 1;
        for (int h = 0; h < spec.amplitudes().length; h++) {
            m += spec.amplitudes()[h] * Math.cos(spec.harmonics()[h] * phi + spec.phases()[h]);
        }
        return r * m;
    }

    /** 1 where the wall shows, near 0 inside a gap; gaps have soft ends. */
    private double visibilityAt(double phi) {
        double v = 1;
        for (int g = 0; g < spec.gapCenters().length; g++) {
            double d = Math.abs(Math.IEEEremainder(phi - spec.gapCenters()[g], 2 * Math.PI));
            double half = spec.gapHalfWidths()[g];
            v = Math.min(v, Geometry2d.smoothStep(half * 0.6, half * 1.2, d));
        }
        return 0.08 + 0.92 * v;
    }

    /** Approximate distance to the lumen outline in pixels: negative inside the lumen. */
    double signedDistance(double x, double y) {
        double dx = x - spec.cx(), dy = y - spec.cy();
        double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
        double rho = Math.hypot(u, v);
        int k = index(Math.atan2(v, u));
        double rp = slope[k] / radius[k]; // first-order normal distance near the outline
        return (rho - radius[k]) / Math.sqrt(1 + rp * rp);
    }

    private double visibility(double x, double y) {
        double dx = x - spec.cx(), dy = y - spec.cy();
        return visibility[index(Math.atan2(-dx * sin + dy * cos, dx * cos + dy * sin))];
    }

    private static int index(double phi) {
        return (int) Math.round((phi + Math.PI) / (2 * Math.PI) * TABLE);
    }

    void paint(EchoMap map) {
        double wall = spec.wallPx();
        double sigma = spec.layered() ? Math.max(0.45, wall * 0.13) : Math.max(Math.max(0.5, wall / 2), spec.blurPx());
        // A blurred wall spreads the same echo energy: dimmer but wider, as an indistinct wall looks.
        double peak = spec.layered() ? spec.wallDb() : spec.wallDb() * Math.sqrt(Math.max(0.5, wall / 2) / sigma);
        int[] box = box(map.width, map.height, wall + 3 * sigma + 2);
        for (int y = box[1]; y <= box[3]; y++) {
            for (int x = box[0]; x <= box[2]; x++) {
                double d = signedDistance(x, y);
                if (d > wall + 3 * sigma + 1) {
                    continue;
                }
                int i = y * map.width + x;
                double inside = 1 - Geometry2d.smoothStep(-0.6, 0.6, d);
                map.echoDb[i] = (float) (map.echoDb[i] * (1 - inside) + spec.lumenDb() * inside);
                map.attenuation[i] *= (float) (1 - 0.95 * inside);
                double vis = visibility(x, y);
                double add;
                if (spec.layered()) {
                    add = peak * vis * (gauss(d, wall * 0.18, sigma) + gauss(d, wall * 0.85, sigma))
                            - 9 * gauss(d, wall * 0.5, wall * 0.17);
                } else {
                    add = peak * vis * gauss(d, wall / 2, sigma);
                }
                map.echoDb[i] += (float) add;
            }
        }
    }

    /** Lumen plus wall, the organ a reader outlines. */
    Mask mask(ScanGeometry geometry) {
        byte[] m = new byte[geometry.width() * geometry.height()];
        int[] box = box(geometry.width(), geometry.height(), spec.wallPx() + 1);
        for (int y = box[1]; y <= box[3]; y++) {
            for (int x = box[0]; x <= box[2]; x++) {
                if (signedDistance(x, y) <= spec.wallPx() && geometry.inFan(x, y)) {
                    m[y * geometry.width() + x] = (byte) 255;
                }
            }
        }
        return new Mask(geometry.width(), geometry.height(), m);
    }

    private int[] box(int width, int height, double margin) {
        double r = maxRadius + margin;
        return new int[] {Math.max(0, (int) (spec.cx() - r)), Math.max(0, (int) (spec.cy() - r)),
                Math.min(width - 1, (int) (spec.cx() + r) + 1), Math.min(height - 1, (int) (spec.cy() + r) + 1)};
    }

    private static double gauss(double d, double centre, double sigma) {
        double t = (d - centre) / sigma;
        return Math.exp(-0.5 * t * t);
    }
}
