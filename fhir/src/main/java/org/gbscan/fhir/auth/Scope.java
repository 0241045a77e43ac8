package org.gbscan.fhir.auth;

import java.util.Collection;
import java.util.Set;

/**
 * What a request needs, in SMART App Launch scope terms ({@code context/resource.permission}). A granted
 * scope covers it when its context is one of {@code contexts}, its resource is the one needed or
 * {@code *}, and its permission reads ({@code read}, {@code *}, or a SMART v2 set with {@code r}).
 *
 * @param resource a FHIR resource type, or {@code *} for a route that is not one resource (page, metrics):
 *                 then only a wildcard scope covers it
 */
public record Scope(Set<String> contexts, String resource) {
    /** The web page's {@code /api}: a person's session ({@code user/*.read}) or a system with everything. */
    public static final Scope PAGE = new Scope(Set.of("user", "system"), "*");
    /** {@code /metrics}: operations tooling, which sees the whole service ({@code system/*.read}). */
    public static final Scope METRICS = new Scope(Set.of("system"), "*");

    public Scope {
        contexts = Set.copyOf(contexts);
    }

    /** Reading or searching one FHIR resource type: {@code system/T.read} (or {@code user/T.read}), or a wildcard. */
    public static Scope read(String resourceType) {
        return new Scope(Set.of("system", "user"), resourceType);
    }

    public boolean grantedBy(Collection<String> granted) {
        return granted.stream().anyMatch(this::covers);
    }

    private boolean covers(String scope) {
        int slash = scope.indexOf('/');
        int dot = scope.lastIndexOf('.');
        if (slash <= 0 || dot < slash) {
            return false;
        }
        String context = scope.substring(0, slash);
        String type = scope.substring(slash + 1, dot);
        String permission = scope.substring(dot + 1);
        boolean reads = permission.equals("read") || permission.equals("*")
                || (permission.matches("c?r?u?d?s?") && permission.contains("r"));
        return contexts.contains(context) && (type.equals("*") || type.equals(resource)) && reads;
    }

    @Override
    public String toString() {
        return contexts.contains("system") && !resource.equals("*") ? "system/" + resource + ".read"
                : contexts.contains("user") ? "user/*.read or system/*.read" : "system/*.read";
    }
}
