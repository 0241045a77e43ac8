package org.gbscan.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Flat key/value configuration: a properties file, overridden by environment variables.
 * A key such as {@code reporting.pacs[0].ae} is overridden by {@code GBSCAN_REPORTING_PACS_0_AE}
 * (upper case, every run of non-alphanumerics becomes one underscore, prefix {@code GBSCAN_}).
 * Each module reads its keys into a typed settings record with the documented default.
 */
public final class Config {
    private final Map<String, String> values;
    private final Map<String, String> environment;

    private Config(Map<String, String> values, Map<String, String> environment) {
        this.values = Map.copyOf(values);
        this.environment = Map.copyOf(environment);
    }

    public static Config empty() {
        return new Config(Map.of(), Map.of());
    }

    public static Config of(Map<String, String> values) {
        return new Config(values, Map.of());
    }

    /**
     * Reads the file (when given) and applies the process environment on top. A key in the file or a
     * {@code GBSCAN_*} variable that names no documented setting is an error: a typo must not silently
     * leave a default in force.
     */
    public static Config load(Path file) throws IOException {
        return load(file, System.getenv());
    }

    static Config load(Path file, Map<String, String> environment) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        }
        requireKnown(KnownKeys.documented(), values.keySet(), environment.keySet(), file);
        return new Config(values, environment);
    }

    private static void requireKnown(KnownKeys known, java.util.Set<String> keys, java.util.Set<String> variables, Path file) {
        List<String> problems = new ArrayList<>();
        keys.stream().sorted().filter(k -> !known.isKey(k)).forEach(k -> problems.add("'" + k + "' in " + file
                + known.closest(k).map(c -> " (did you mean '" + c + "'?)").orElse("")));
        variables.stream().sorted().filter(v -> v.startsWith("GBSCAN_") && !known.isEnvironmentVariable(v))
                .forEach(v -> problems.add(v + " in the environment"
                        + known.closestEnvironmentVariable(v).map(c -> " (did you mean " + c + "?)").orElse("")));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("unknown setting" + (problems.size() > 1 ? "s: " : ": ") + String.join("; ", problems)
                    + ". Every setting is listed with its default in config/gbscan.properties.");
        }
    }

    /** A copy with these keys set (tests, CLI options); they win over file and environment. */
    public Config with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        Map<String, String> env = new HashMap<>(environment);
        overrides.forEach((k, v) -> {
            merged.put(k, v);
            env.remove(envName(k));
        });
        return new Config(merged, env);
    }

    public Config with(String key, String value) {
        return with(Map.of(key, value));
    }

    public static String envName(String key) {
        return "GBSCAN_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("_+$", "");
    }

    public String get(String key, String defaultValue) {
        String env = environment.get(envName(key));
        if (env != null) {
            return env.trim();
        }
        return values.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String v = get(key, null);
        try {
            return v == null || v.isEmpty() ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + " must be a whole number, got '" + v + "'", e);
        }
    }

    public long getLong(String key, long defaultValue) {
        String v = get(key, null);
        try {
            return v == null || v.isEmpty() ? defaultValue : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + " must be a whole number, got '" + v + "'", e);
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = get(key, null);
        try {
            return v == null || v.isEmpty() ? defaultValue : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + " must be a number, got '" + v + "'", e);
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, null);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("config " + key + " must be true or false, got '" + v + "'");
        };
    }

    /** Durations as ISO-8601 ({@code PT5S}) or a number with unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public Duration getDuration(String key, Duration defaultValue) {
        String v = get(key, null);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            String s = v.toLowerCase(Locale.ROOT);
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config " + key + " must be a duration like 5s, 500ms or PT5S, got '" + v + "'", e);
        }
    }

    public Path getPath(String key, Path defaultValue) {
        String v = get(key, null);
        return v == null || v.isEmpty() ? defaultValue : Path.of(v);
    }

    /** Comma-separated list; empty when unset. */
    public List<String> getList(String key, List<String> defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The indices present for an indexed group, e.g. {@code reporting.pacs} finds [0], [1] ... */
    public List<Integer> indices(String prefix) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String p = prefix + "[" + i + "].";
            String envPrefix = envName(p) + "_";
            boolean present = values.keySet().stream().anyMatch(k -> k.startsWith(p))
                    || environment.keySet().stream().anyMatch(k -> k.startsWith(envPrefix));
            if (present) {
                found.add(i);
            }
        }
        return found;
    }

    /** Every key set in the file or by a GBSCAN_ variable, for printing the effective configuration. */
    public Map<String, String> explicitValues() {
        return new TreeMap<>(values);
    }
}
