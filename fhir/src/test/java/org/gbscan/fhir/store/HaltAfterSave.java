package org.gbscan.fhir.store;

import java.time.Instant;
import java.util.Map;
import org.gbscan.core.StudyResult;
import org.gbscan.fhir.TestStudies;

/**
 * A child process for {@link ReportDurabilityTest}: stores one report, says so, and halts the JVM the
 * moment {@code save} returns: no shutdown hook, no pool close, no background flush gets to run, as with
 * kill -9 at the instant the pipeline would mark the study done.
 */
public final class HaltAfterSave {
    private HaltAfterSave() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String seed = args[1];
        ReportStore store = ReportStore.open(ReportStoreContract.settings(jdbcUrl, "sa"));
        StudyResult result = TestStudies.result(TestStudies.study(seed, "PID-" + seed, "20250110", ""), TestStudies.MODEL,
                Instant.parse("2025-01-10T10:00:00Z"), 0.7);
        String id = store.save(result, Map.of());
        System.out.println("SAVED " + id);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
