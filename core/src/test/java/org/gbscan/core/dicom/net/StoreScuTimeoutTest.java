package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.SilentPeer;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the C-STORE SCU opened its sockets without a read timeout, so a PACS that accepts TCP and never
 * answers held the sender (and with it every export) forever.
 */
class StoreScuTimeoutTest {
    @TempDir
    Path tmp;

    @Test
    void aPeerThatAcceptsAndNeverAnswersFailsTheSendWithinTheReadTimeout() throws Exception {
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("out")), Fixtures.study("HUNG"), 1, 16, 16);
        try (SilentPeer peer = SilentPeer.start()) {
            StoreScu scu = new StoreScu("GBSCAN", Duration.ofSeconds(2), Duration.ofSeconds(1));
            long started = System.nanoTime();

            assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThatThrownBy(() -> scu.send(new Destination("HUNG", "127.0.0.1", peer.port()), files))
                            .isInstanceOf(DicomNetException.class).hasMessageContaining("HUNG@127.0.0.1")
                            .hasMessageContaining("timed out"));

            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("seconds until the send gave up").isBetween(0.9, 5.0);
            // the fault really happened: we connected, sent our A-ASSOCIATE-RQ and got no answer
            assertThat(peer.connections()).isGreaterThanOrEqualTo(1);
            assertThat(peer.bytesReceived()).isGreaterThan(68); // A-ASSOCIATE-RQ header + AE titles at least
            org.awaitility.Awaitility.await("our socket to the hung peer is closed").atMost(Duration.ofSeconds(5))
                    .until(() -> peer.openConnections() == 0);
        }
    }

    @Test
    void rejectsAZeroTimeout() {
        assertThatThrownBy(() -> new StoreScu("GBSCAN", Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout");
    }
}
