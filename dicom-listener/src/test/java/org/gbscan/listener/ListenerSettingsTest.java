package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.SopClass;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.core.dicom.net.PeerLimits;
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
        assertThat(s.spoolDir()).isEqualTo(Path.of("data", "spool")); // as config/gbscan.properties says
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

    @Test
    void theHostileInputLimitsOfTheShippedConfigAreTheCodeDefaults() throws Exception {
        Path root = Path.of(System.getProperty("gbscan.repo.root", "..")).toAbsolutePath();
        ListenerSettings shipped = ListenerSettings.from(Config.load(root.resolve("config/gbscan.properties")));
        ListenerSettings defaults = ListenerSettings.from(Config.empty());

        assertThat(shipped.imageLimits()).isEqualTo(defaults.imageLimits()).isEqualTo(ImageLimits.DEFAULT);
        assertThat(shipped.peerLimits()).isEqualTo(defaults.peerLimits()).isEqualTo(PeerLimits.DEFAULT);
        assertThat(shipped.settleMax()).isEqualTo(defaults.settleMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(shipped.maxDeliveries()).isEqualTo(defaults.maxDeliveries()).isEqualTo(3);
    }

    @Test
    void aSettleMaxShorterThanTheSettleTimeIsRefusedWithBothKeysNamed() {
        assertThatThrownBy(() -> ListenerSettings.from(Config.of(Map.of("listener.settle", "10s", "listener.settle.max", "5s"))))
                .hasMessageContaining("listener.settle.max").hasMessageContaining("listener.settle");
    }
}
