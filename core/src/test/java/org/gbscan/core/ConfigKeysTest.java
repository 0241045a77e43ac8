package org.gbscan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key or GBSCAN_ variable that names no setting in config/gbscan.properties stops the start, with a suggestion. */
class ConfigKeysTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedFileItselfLoadsWithoutComplaint() throws Exception {
        Path documented = Path.of(System.getProperty("gbscan.repo.root", "..")).resolve("config/gbscan.properties");
        assertThat(Config.load(documented, Map.of()).get("listener.ae", "?")).isEqualTo("GBSCAN");
    }

    @Test
    void refusesAMistypedKeyInTheFileAndSuggestsTheSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("g.properties"), "listener.prot=104\nlistener.ae=PACSAI\n");
        assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'listener.prot'").hasMessageContaining("did you mean 'listener.port'?")
                .hasMessageNotContaining("listener.ae'");
    }

    @Test
    void refusesAMistypedEnvironmentVariable() throws Exception {
        assertThatThrownBy(() -> Config.load(null, Map.of("GBSCAN_LISTENER_PROT", "104", "HOME", "/root")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GBSCAN_LISTENER_PROT in the environment (did you mean GBSCAN_LISTENER_PORT?)");
    }

    @Test
    void acceptsEveryIndexOfAnIndexedSettingAndCommentedOutSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("g.properties"),
                "reporting.pacs[0].ae=A\nreporting.pacs[12].port=104\nstore.jdbcUrl=jdbc:h2:mem:x\n");
        Config c = Config.load(file, Map.of("GBSCAN_REPORTING_PACS_3_HOST", "pacs", "GBSCAN_LOG_LEVEL", "DEBUG",
                "GBSCAN_HTTP_PORT", "9090", "PATH", "/bin"));
        assertThat(c.indices("reporting.pacs")).containsExactly(0, 3, 12);
        assertThat(c.getInt("http.port", 0)).isEqualTo(9090);
    }

    @Test
    void aSettingIsAnyKeyEqualsLineOfTheDocumentedFileActiveOrCommentedOut() {
        KnownKeys keys = KnownKeys.of(List.of("# prose: listener.port is the port", "a.b=1", "#c.d[0].e=x", "# f.g=not a setting"));
        assertThat(keys.isKey("a.b")).isTrue();
        assertThat(keys.isKey("c.d[7].e")).isTrue();
        assertThat(keys.isKey("c.d.e")).isFalse();
        assertThat(keys.isKey("f.g")).isFalse();
        assertThat(keys.isKey("listener.port")).isFalse();
        assertThat(keys.documentedDefaults()).containsExactly(Map.entry("a.b", "1"));
        assertThat(keys.isEnvironmentVariable("GBSCAN_C_D_7_E")).isTrue();
    }
}
