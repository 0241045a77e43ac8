package org.gbscan.fhir.api;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gbscan.fhir.store.SearchPage;
import org.gbscan.fhir.store.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** A page of search matches as a FHIR searchset Bundle with self/first/previous/next/last links. */
final class BundlePages {
    private BundlePages() {
    }

    static Bundle searchset(FhirContext fhir, String baseUrl, String resourceType, SearchDefinition.Parsed search,
                            SearchPage page) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.getMeta().setLastUpdated(new Date());
        bundle.setTotal(page.total());
        int count = search.count();
        int offset = search.offset();
        bundle.addLink().setRelation("self").setUrl(url(baseUrl, resourceType, search.linkParams(), offset));
        if (count > 0) {
            int last = page.total() == 0 ? 0 : ((page.total() - 1) / count) * count;
            bundle.addLink().setRelation("first").setUrl(url(baseUrl, resourceType, search.linkParams(), 0));
            if (offset > 0) {
                int previous = Math.max(0, Math.min(offset - count, last));
                bundle.addLink().setRelation("previous").setUrl(url(baseUrl, resourceType, search.linkParams(), previous));
            }
            if (offset + count < page.total()) {
                bundle.addLink().setRelation("next").setUrl(url(baseUrl, resourceType, search.linkParams(), offset + count));
            }
            bundle.addLink().setRelation("last").setUrl(url(baseUrl, resourceType, search.linkParams(), last));
        }
        var parser = fhir.newJsonParser();
        for (StoredResource stored : page.resources()) {
            Resource resource = (Resource) parser.parseResource(stored.json());
            bundle.addEntry().setFullUrl(baseUrl + "/" + stored.resourceType() + "/" + stored.id())
                    .setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static String url(String baseUrl, String resourceType, List<Map.Entry<String, String>> params, int offset) {
        String query = params.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return baseUrl + "/" + resourceType + "?" + (query.isEmpty() ? "" : query + "&") + "_offset=" + offset;
    }

    private static String encode(String s) {
        // ':' stays readable (modifiers such as subject:identifier); '|' must stay encoded (not legal in a URI).
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
