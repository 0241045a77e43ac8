package org.gbscan.fhir.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gbscan.fhir.FhirSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: H2's default write delay (500 ms) let a committed report sit in memory after {@code save}
 * returned, so a process killed right after the spool marked the study done lost the report for good
 * (the spool never offers a done study again). Each round here stores a report in a child JVM that halts
 * the instant save returns, and then looks for the report in the database file.
 */
class ReportDurabilityTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void aReportSavedByTheDefaultH2StoreSurvivesAHaltTheMomentSaveReturns() throws Exception {
        String url = FhirSettings.h2FileUrl(dir);
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(java(), "-cp", classPath(), HaltAfterSave.class.getName(), url, "round-" + round)
                    .redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            // the fault happened as intended: save returned, then the JVM was halted (exit 137), nothing in between
            assertThat(child.exitValue()).as(out).isEqualTo(137);
            String saved = out.lines().filter(l -> l.startsWith("SAVED ")).findFirst().orElseThrow(() -> new AssertionError(out));
            ids.add(saved.substring("SAVED ".length()));
        }
        try (ReportStore store = ReportStore.open(ReportStoreContract.settings(url, "sa"))) {
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                if (store.read("DiagnosticReport", id).isEmpty()) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("reports lost by a halt right after save, of " + ROUNDS).isEmpty();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
