package org.gbscan.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InProcessHandOffTest extends HandOffContract {
    @Override
    protected HandOff newHandOff(Path dir) {
        return new InProcessHandOff("seda:studies?size=100&blockWhenFull=true&concurrentConsumers=2");
    }

    @Test
    void theScoringSideReadsTheSpoolItselfAndNothingIsRedelivered() throws Exception {
        startRoutes();
        StudyParcel sent = spooledStudy("1.2.826.0.1.3680043.8.498.13", 1, 1);
        camel.createProducerTemplate().sendBody("direct:settled", sent);
        assertThat(next().parcel().files()).isEqualTo(sent.files());
        assertThat(handOff.redelivers()).isFalse();
    }
}
