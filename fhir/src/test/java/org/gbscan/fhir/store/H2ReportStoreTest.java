package org.gbscan.fhir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.gbscan.core.Config;
import org.gbscan.fhir.FhirSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ReportStoreTest extends ReportStoreContract {
    @TempDir
    Path dir;

    @Override
    FhirSettings emptyDatabase() {
        return currentSettings();
    }

    @Override
    FhirSettings currentSettings() {
        return settings(FhirSettings.h2FileUrl(dir), "");
    }

    @Test
    void theDefaultStoreIsAnH2FileInTheStoreFolder() {
        FhirSettings s = FhirSettings.from(Config.of(java.util.Map.of("store.dir", dir.toString(), "http.auth", "none")));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().resolve("reports"));
        assertThat(dir.resolve("reports.mv.db")).exists();
    }

    @Test
    void anUnreachableDatabaseGivesAnActionableError() {
        FhirSettings bad = settings("jdbc:postgresql://127.0.0.1:1/none", "nobody");
        assertThatThrownBy(() -> ReportStore.open(bad)).isInstanceOf(ReportStoreException.class)
                .hasMessageContaining("store.jdbcUrl");
    }
}
