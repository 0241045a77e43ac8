package org.gbscan.phantom;

import java.util.Locale;

/**
 * Burned-in text and graphics outside (and, for calipers, on) the fan: institution, patient, date,
 * probe and settings, the depth scale with cm labels, a focus marker, caliper '+' marks at the ends of
 * the gallbladder with their measurement. Drawn into an overlay (0 = transparent, else grey level) that
 * every frame of the image shares. Nothing here depends on the diagnosis.
 */
final class Annotations {
    private final ScanGeometry g;
    private final byte[] overlay;
    private final int scale;

    Annotations(ScanGeometry geometry) {
        this.g = geometry;
        this.overlay = new byte[geometry.width() * geometry.height()];
        this.scale = geometry.height() >= 700 ? 2 : 1;
    }

    byte[] overlay() {
        return overlay;
    }

    private int line() {
        return (BitmapFont.GLYPH_H + 3) * scale;
    }

    private void text(String s, int x, int y, int grey) {
        BitmapFont.draw(overlay, g.width(), g.height(), s, x, y, scale, grey);
    }

    private void textRight(String s, int right, int y, int grey) {
        text(s, right - BitmapFont.width(s, scale), y, grey);
    }

    void header(String institution, String patientName, String patientId, String dateTime) {
        int y = 3;
        text(institution, 4, y, 235);
        text(patientName.replace('^', ' '), 4, y + line(), 235);
        text("ID " + patientId, 4, y + 2 * line(), 235);
        text(dateTime, 4, y + 3 * line(), 200);
    }

    void settings(String probe, double frequencyMhz, double gainDb, double rangeDb, int frameRate) {
        int right = g.width() - 4, y = 3;
        textRight(probe + " " + fmt(frequencyMhz) + "MHZ", right, y, 235);
        textRight("ABD PED", right, y + line(), 235);
        textRight("G" + Math.round(50 + gainDb) + " DR" + Math.round(rangeDb), right, y + 2 * line(), 200);
        textRight("FR " + frameRate + "HZ", right, y + 3 * line(), 200);
        textRight("MI 0.6 TIS 0.2", right, y + 4 * line(), 170);
    }

    /** Tick marks every 5 mm along the right edge of the fan, labelled in whole cm; the focus marker. */
    void depthScale(double focusMm) {
        int x = Math.min(g.width() - 8 * scale - 16, (int) (g.x(g.depthMm() / 2, g.halfAngle()) + 8));
        x = Math.max(x, (int) (g.apexX() + 20));
        double depth = g.depthMm();
        for (int mm = 0; mm <= depth; mm += 5) {
            int y = (int) Math.round(g.apexY() + g.r0() + mm / g.mmPerPx());
            boolean cm = mm % 10 == 0;
            hline(x, x + (cm ? 6 : 3) * scale, y, 220);
            if (cm && mm > 0) {
                text(Integer.toString(mm / 10), x + 8 * scale, y - 3 * scale, 220);
            }
        }
        int fy = (int) Math.round(g.apexY() + g.r0() + focusMm / g.mmPerPx());
        for (int k = 0; k < 4 * scale; k++) {
            vline(x - 3 - k, fy - (4 * scale - k), fy + (4 * scale - k), 235);
        }
        textRight("CM", x + 8 * scale + BitmapFont.width("CM", scale), g.height() - line() - 2, 200);
    }

    /**
     * Two '+' calipers and the measurement just below the organ ({@code belowY}). It stays next to the
     * gallbladder on purpose: the length it states is a class cue, and a cue must lie where the masks
     * are, never in a corner where a model could learn it instead of the anatomy.
     */
    void calipers(double x1, double y1, double x2, double y2, double belowY, double lengthMm) {
        cross((int) Math.round(x1), (int) Math.round(y1));
        cross((int) Math.round(x2), (int) Math.round(y2));
        String label = "1 L " + fmt(lengthMm / 10) + "CM";
        int width = BitmapFont.width(label, scale);
        int tx = (int) Math.round((x1 + x2) / 2 - width / 2.0);
        tx = Math.max(2, Math.min(g.width() - 2 - width, tx));
        int ty = (int) Math.round(belowY) + 4 * scale;
        text(label, tx, Math.min(ty, g.height() - 2 * line()), 235);
    }

    void bodyMarker(String label) {
        text(label, 4, g.height() - line() - 2, 200);
    }

    private void cross(int cx, int cy) {
        int arm = 3 * scale;
        hline(cx - arm, cx + arm, cy, 240);
        vline(cx, cy - arm, cy + arm, 240);
    }

    private void hline(int x0, int x1, int y, int grey) {
        for (int x = x0; x <= x1; x++) {
            put(x, y, grey);
        }
    }

    private void vline(int x, int y0, int y1, int grey) {
        for (int y = y0; y <= y1; y++) {
            put(x, y, grey);
        }
    }

    private void put(int x, int y, int grey) {
        if (x >= 0 && y >= 0 && x < g.width() && y < g.height()) {
            overlay[y * g.width() + x] = (byte) grey;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
