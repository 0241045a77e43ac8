package org.gbscan.fhir.store;

import java.time.Instant;
import java.util.Objects;

/** One stored FHIR resource: its JSON exactly as HAPI's parser wrote it, with version metadata. */
public record StoredResource(String resourceType, String id, int versionId, Instant lastUpdated, String json) {
    public StoredResource {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(json, "json");
    }
}
