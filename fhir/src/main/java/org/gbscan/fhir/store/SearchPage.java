package org.gbscan.fhir.store;

import java.util.List;

/** One page of search matches and how many match in all. */
public record SearchPage(List<StoredResource> resources, int total) {
    public SearchPage {
        resources = List.copyOf(resources);
    }
}
