package org.gbscan.reporting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesTheWaitAfterEachFailureUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.after(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(b.after(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.after(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesAMaximumBelowTheInitialWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
