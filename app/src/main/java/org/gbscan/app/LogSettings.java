package org.gbscan.app;

import java.util.Locale;
import org.gbscan.core.Config;

/** {@code log.format} (text): {@code text} for people, {@code json} for a log collector (one object per line). */
record LogSettings(Format format) {
    enum Format { TEXT, JSON }

    static LogSettings from(Config config) {
        String v = config.get("log.format", "text");
        try {
            return new LogSettings(Format.valueOf((v.isEmpty() ? "text" : v).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config log.format must be text or json, got '" + v + "'", e);
        }
    }
}
