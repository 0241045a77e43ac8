package org.gbscan.phantom;

/** A plane projective map (3x3, h33 = 1) fitted to four point pairs: how a phone sees a flat screen. */
public record Homography(double[] h) {

    /** The map that sends {@code (sx[k], sy[k])} to {@code (dx[k], dy[k])} for k = 0..3. */
    /** The map that sends each {@code from[k] = {x, y}} to {@code to[k]}, k = 0..3. */
    public static Homography between(double[][] from, double[][] to) {
        double[] sx = new double[4], sy = new double[4], dx = new double[4], dy = new double[4];
        for (int k = 0; k < 4; k++) {
            sx[k] = from[k][0];
            sy[k] = from[k][1];
            dx[k] = to[k][0];
            dy[k] = to[k][1];
        }
        return fit(sx, sy, dx, dy);
    }

    public static Homography fit(double[] sx, double[] sy, double[] dx, double[] dy) {
        double[][] a = new double[8][9];
        for (int k = 0; k < 4; k++) {
            a[2 * k] = new double[] {sx[k], sy[k], 1, 0, 0, 0, -dx[k] * sx[k], -dx[k] * sy[k], dx[k]};
            a[2 * k + 1] = new double[] {0, 0, 0, sx[k], sy[k], 1, -dy[k] * sx[k], -dy[k] * sy[k], dy[k]};
        }
        for (int c = 0; c < 8; c++) { // Gaussian elimination with partial pivoting
            int pivot = c;
            for (int r = c + 1; r < 8; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            if (Math.abs(a[c][c]) < 1e-12) {
                throw new IllegalArgumentException("degenerate quadrilateral");
            }
            for (int r = 0; r < 8; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k < 9; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] h = new double[9];
        for (int r = 0; r < 8; r++) {
            h[r] = a[r][8] / a[r][r];
        }
        h[8] = 1;
        return new Homography(h);
    }

    Homography inverse() {
        double[] m = h;
        double a = m[4] * m[8] - m[5] * m[7], b = m[5] * m[6] - m[3] * m[8], c = m[3] * m[7] - m[4] * m[6];
        double det = m[0] * a + m[1] * b + m[2] * c;
        double[] inv = {
            a / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
            b / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            c / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det};
        double s = inv[8];
        for (int k = 0; k < 9; k++) {
            inv[k] /= s;
        }
        return new Homography(inv);
    }

    /** Applies the map; returns {x, y}. */
    public double[] apply(double x, double y) {
        double w = h[6] * x + h[7] * y + h[8];
        return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
    }
}
