package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.SopClass;
import org.junit.jupiter.api.Test;

class ListenerSettingsTest {
    @Test
    void defaultsMatchTheDocumentedOnes() {
        ListenerSettings s = ListenerSettings.from(Config.empty());

        assertThat(s.aeTitle()).isEqualTo("GBSCAN");
        assertThat(s.port()).isEqualTo(11112);
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.allowedCallingAes()).isEmpty();
        assertThat(s.allowAnyCaller()).isFalse();
        assertThat(s.sopClasses()).containsExactlyInAnyOrder(SopClass.US_IMAGE.uid(), SopClass.US_MULTIFRAME_IMAGE.uid(),
                SopClass.SECONDARY_CAPTURE.uid(), SopClass.VL_PHOTOGRAPHIC.uid());
        assertThat(s.settle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.spoolDir()).isEqualTo(Path.of("spool"));
        assertThat(s.threads()).isEqualTo(16);
    }

    @Test
    void readsSopClassesByNameOrUidAndAnAllowList() {
        ListenerSettings s = ListenerSettings.from(Config.of(Map.of("listener.sopClasses", "us_image, 1.2.840.10008.5.1.4.1.1.7",
                "listener.allowedCallingAes", "PACS1,MODALITY2", "listener.settle", "250ms")));

        assertThat(s.sopClasses()).containsExactlyInAnyOrder(SopClass.US_IMAGE.uid(), SopClass.SECONDARY_CAPTURE.uid());
        assertThat(s.allowedCallingAes()).containsExactly("PACS1", "MODALITY2");
        assertThat(s.settle()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void namesTheKeyOfAnUnknownSopClass() {
        assertThatThrownBy(() -> ListenerSettings.from(Config.of(Map.of("listener.sopClasses", "CT_IMAGE"))))
                .hasMessageContaining("listener.sopClasses").hasMessageContaining("CT_IMAGE");
    }
}
