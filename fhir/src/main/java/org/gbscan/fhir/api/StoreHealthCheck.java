package org.gbscan.fhir.api;

import org.gbscan.fhir.store.ReportStore;

/** Ready while the report store's database answers within two seconds. */
public final class StoreHealthCheck implements HealthCheck {
    private final ReportStore store;

    public StoreHealthCheck(ReportStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "reportStore";
    }

    @Override
    public Status check() {
        return store.problem(2).map(Status::down).orElseGet(() -> Status.up("database answers"));
    }
}
