package org.gbscan.web;

import java.util.Locale;

/** Byte counts as people read them (binary units, as the limits are configured). */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        double mib = bytes / (1024.0 * 1024.0);
        return mib == Math.rint(mib) ? String.format(Locale.ROOT, "%.0f MiB", mib) : String.format(Locale.ROOT, "%.1f MiB", mib);
    }
}
