package org.gbscan.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings gbscan has, read from the documented file itself ({@code config/gbscan.properties}, packed into
 * this module as a resource): every {@code key=default} line, and every commented-out {@code #key=example}
 * line (a setting with no default, such as {@code #store.jdbcUrl=}). An indexed key such as
 * {@code reporting.pacs[0].ae} stands for every index. A new setting therefore only needs its line in that file.
 */
public final class KnownKeys {
    static final String RESOURCE = "/org/gbscan/core/gbscan.properties";
    /** {@code key=value} or {@code #key=value} with no space after '#': a setting, not prose. */
    private static final Pattern SETTING = Pattern.compile("^#?([A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?(?:\\.[A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?)+)=(.*)$");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final String ANY_INDEX = "987654321";
    /**
     * Environment variables with the prefix that are not settings: read by the launcher (JAVA_OPTS, HEAP,
     * APT_PACKAGES), logback.xml (LOG_LEVEL), UserErrors (DEBUG) and the tests that use the study's
     * published images (BA2021_DIR, which .ci/run exports).
     */
    private static final Set<String> NOT_SETTINGS = Set.of("GBSCAN_JAVA_OPTS", "GBSCAN_LOG_LEVEL", "GBSCAN_DEBUG",
            "GBSCAN_HEAP", "GBSCAN_APT_PACKAGES", "GBSCAN_BA2021_DIR");

    private final Map<String, String> documentedDefaults; // active lines only: key -> default as written
    private final List<Pattern> keys = new ArrayList<>();
    private final List<Pattern> envNames = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private KnownKeys(List<String> lines) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String raw : lines) {
            Matcher m = SETTING.matcher(raw.strip());
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            if (!raw.strip().startsWith("#")) {
                defaults.put(key, m.group(2).strip());
            }
            names.add(key);
            // [0] stands for any index: mark it, quote the rest, then let the mark match digits
            String marked = INDEX.matcher(key).replaceAll("[" + ANY_INDEX + "]");
            keys.add(Pattern.compile(Pattern.quote(marked).replace(ANY_INDEX, "\\E\\d+\\Q")));
            envNames.add(Pattern.compile(Pattern.quote(Config.envName(marked)).replace(ANY_INDEX, "\\E\\d+\\Q")));
        }
        this.documentedDefaults = Map.copyOf(defaults);
    }

    /** The registry shipped with this build. */
    public static KnownKeys documented() {
        try (InputStream in = KnownKeys.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the documented configuration " + RESOURCE + " is missing from the class path");
            }
            return new KnownKeys(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownKeys of(List<String> lines) {
        return new KnownKeys(lines);
    }

    /** Every key with a default in the file, as written there (an empty value means "not set"). */
    public Map<String, String> documentedDefaults() {
        return documentedDefaults;
    }

    public boolean isKey(String key) {
        return keys.stream().anyMatch(p -> p.matcher(key).matches());
    }

    public boolean isEnvironmentVariable(String name) {
        return NOT_SETTINGS.contains(name) || envNames.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** The documented key closest to a mistyped one, for the error message. */
    Optional<String> closest(String key) {
        return names.stream().min(Comparator.comparingInt(n -> distance(n.toLowerCase(), key.toLowerCase())))
                .filter(n -> distance(n.toLowerCase(), key.toLowerCase()) <= Math.max(3, key.length() / 4));
    }

    Optional<String> closestEnvironmentVariable(String name) {
        return names.stream().map(Config::envName)
                .min(Comparator.comparingInt(n -> distance(n, name)))
                .filter(n -> distance(n, name) <= Math.max(3, name.length() / 4));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
