package org.gbscan.fhir.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.gbscan.core.testing.LocalPostgres;
import org.gbscan.fhir.FhirSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The same contract against a real PostgreSQL started by the test (Debian postgresql binaries).
 * Skipped, with the reason, where no server binaries are installed or the server cannot start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresReportStoreTest extends ReportStoreContract {
    private LocalPostgres postgres;
    private String skipReason;

    @BeforeAll
    void startServer() {
        Optional<Path> bin = LocalPostgres.findBinaries();
        if (bin.isEmpty()) {
            skipReason = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)";
            return;
        }
        try {
            postgres = LocalPostgres.start(bin.get());
        } catch (Exception e) {
            skipReason = "could not start a test PostgreSQL from " + bin.get() + ": " + e.getMessage();
        }
    }

    @AfterAll
    void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    FhirSettings emptyDatabase() throws Exception {
        assumeTrue(postgres != null, () -> "PostgreSQL store tests skipped: " + skipReason);
        postgres.reset();
        return currentSettings();
    }

    @Override
    FhirSettings currentSettings() {
        return settings(postgres.jdbcUrl(), LocalPostgres.USER);
    }
}
