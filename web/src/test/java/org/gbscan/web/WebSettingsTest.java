package org.gbscan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gbscan.core.Config;
import org.junit.jupiter.api.Test;

class WebSettingsTest {
    @Test
    void defaultsAllowTwentyMebibytesAndThe60PixelImagesOfTheStudyAndStoreNothing() {
        WebSettings s = WebSettings.from(Config.empty());

        assertThat(s.maxUploadBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(s.minImageSide()).isEqualTo(32).isLessThanOrEqualTo(60);
        assertThat(s.storeScores()).isFalse();
    }

    @Test
    void keysUnderWebOverrideTheDefaults() {
        WebSettings s = WebSettings.from(Config.of(Map.of("web.maxUploadBytes", "1048576", "web.storeScores", "true",
                "web.minImageSide", "128", "web.maxFrames", "4")));

        assertThat(s.maxUploadBytes()).isEqualTo(1048576);
        assertThat(s.storeScores()).isTrue();
        assertThat(s.minImageSide()).isEqualTo(128);
        assertThat(s.maxFrames()).isEqualTo(4);
    }

    @Test
    void nonsenseValuesAreRefusedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> WebSettings.from(Config.of(Map.of("web.maxUploadBytes", "0"))))
                .hasMessageContaining("web.maxUploadBytes must be positive");
        assertThatThrownBy(() -> WebSettings.from(Config.of(Map.of("web.studiesLimit", "5000"))))
                .hasMessageContaining("web.studiesLimit must be within 1..1000");
    }
}
