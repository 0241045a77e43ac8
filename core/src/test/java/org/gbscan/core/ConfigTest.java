package org.gbscan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @Test
    void namesEnvironmentOverridesAfterTheKey() {
        assertThat(Config.envName("listener.port")).isEqualTo("GBSCAN_LISTENER_PORT");
        assertThat(Config.envName("reporting.pacs[0].ae")).isEqualTo("GBSCAN_REPORTING_PACS_0_AE");
    }

    @Test
    void readsTypedValuesWithDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gbscan.properties"),
                "listener.port=11113\nlistener.settle=500ms\nlistener.allowedCallingAes=ORTHANC, MODALITY1\n"
                        + "reporting.pacs[0].ae=PACS\nreporting.pacs[2].ae=BACKUP\n");
        Config config = Config.load(file);
        assertThat(config.getInt("listener.port", 11112)).isEqualTo(11113);
        assertThat(config.getInt("http.port", 8080)).isEqualTo(8080);
        assertThat(config.getDuration("listener.settle", Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
        assertThat(config.getList("listener.allowedCallingAes", List.of())).containsExactly("ORTHANC", "MODALITY1");
        assertThat(config.indices("reporting.pacs")).containsExactly(0, 2);
    }

    @Test
    void explicitOverridesWin() {
        Config config = Config.of(Map.of("inference.batch.max", "16")).with("inference.batch.max", "4");
        assertThat(config.getInt("inference.batch.max", 1)).isEqualTo(4);
    }

    @Test
    void explainsAMalformedValue() {
        Config config = Config.of(Map.of("listener.port", "eleven"));
        assertThatThrownBy(() -> config.getInt("listener.port", 1)).hasMessageContaining("listener.port")
                .hasMessageContaining("eleven");
        assertThatThrownBy(() -> Config.of(Map.of("x", "soon")).getDuration("x", Duration.ZERO))
                .hasMessageContaining("duration");
    }
}
