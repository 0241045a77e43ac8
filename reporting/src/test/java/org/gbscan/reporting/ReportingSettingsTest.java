package org.gbscan.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.net.Destination;
import org.junit.jupiter.api.Test;

class ReportingSettingsTest {
    @Test
    void readsEveryConfiguredPacsAndTheDocumentedDefaults() {
        ReportingSettings s = ReportingSettings.from(Config.of(Map.of(
                "reporting.pacs[0].ae", "PACS", "reporting.pacs[0].host", "pacs.local", "reporting.pacs[0].port", "11112",
                "reporting.pacs[1].ae", "ARCHIVE", "reporting.pacs[1].host", "10.0.0.2")));

        assertThat(s.destinations()).containsExactly(new Destination("PACS", "pacs.local", 11112),
                new Destination("ARCHIVE", "10.0.0.2", 104));
        assertThat(s.backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoff().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.camTopK()).isEqualTo(3);
        assertThat(s.callingAe()).isEqualTo("GBSCAN");
        assertThat(s.outboxDir()).isEqualTo(Path.of("data", "outbox"));
        assertThat(s.associationIdle()).containsEntry(new Destination("PACS", "pacs.local", 11112), Duration.ofSeconds(10))
                .containsEntry(new Destination("ARCHIVE", "10.0.0.2", 104), Duration.ofSeconds(10));
    }

    @Test
    void takesEachDestinationsAssociationIdleTime() {
        ReportingSettings s = ReportingSettings.from(Config.of(Map.of(
                "reporting.pacs[0].ae", "PACS", "reporting.pacs[0].host", "pacs.local", "reporting.pacs[0].association.idle", "0s",
                "reporting.pacs[1].ae", "ARCHIVE", "reporting.pacs[1].host", "10.0.0.2", "reporting.pacs[1].association.idle", "2m")));

        assertThat(s.associationIdle()).containsEntry(new Destination("PACS", "pacs.local", 104), Duration.ZERO)
                .containsEntry(new Destination("ARCHIVE", "10.0.0.2", 104), Duration.ofMinutes(2));
    }

    @Test
    void takesRetryAndTopKOverrides() {
        ReportingSettings s = ReportingSettings.from(Config.of(Map.of(
                "reporting.retry.initial", "250ms", "reporting.retry.max", "5s", "reporting.cam.topK", "1")));
        assertThat(s.backoff()).isEqualTo(new org.gbscan.reporting.outbox.Backoff(Duration.ofMillis(250), Duration.ofSeconds(5)));
        assertThat(s.camTopK()).isEqualTo(1);
        assertThat(s.destinations()).isEmpty();
    }

    @Test
    void explainsAnIncompleteDestination() {
        assertThatThrownBy(() -> ReportingSettings.from(Config.of(Map.of("reporting.pacs[0].ae", "PACS"))))
                .hasMessageContaining("reporting.pacs[0].host");
    }
}
