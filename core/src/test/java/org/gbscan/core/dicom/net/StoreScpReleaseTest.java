package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.RawDicomPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A released association stops counting as active when its sender closes the connection, not when a timer
 * runs out. PixelMed waited a fixed time after every A-RELEASE-RP, whether or not the peer had gone, and the
 * slot stayed taken meanwhile: 300 quick associations left 55 counted active, and fast senders found the
 * {@code listener.threads} cap full of associations that had already ended.
 */
class StoreScpReleaseTest {
    private static final int ASSOCIATIONS = 20;
    /**
     * ARTIM, the longest wait for the peer's close: an association that waited it out would keep its slot until
     * long after the next two had arrived (refused: local limit) and after the count's 10 s deadline below.
     */
    private static final Duration ARTIM = Duration.ofSeconds(60);
    /** One sender at a time needs one slot; the second is slack for a thread between the peer's close and its release. */
    private static final int SLOTS = 2;
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final int RELEASE_RP = 0x06;

    @TempDir
    Path tmp;
    StoreScp scp;

    @AfterEach
    void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    private void start(ScpObserver observer) throws IOException {
        PeerLimits limits = new PeerLimits(ARTIM, Duration.ofSeconds(30), Duration.ofHours(1), 8);
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", tmp.resolve("incoming")).withMaxAssociations(SLOTS)
                .withPeerLimits(limits), (f, ts, ae) -> StoreOutcome.stored(), observer);
    }

    @Test
    void aReleasedAssociationStopsCountingAtItsReleaseAndItsConnectionEndsAtThePeersClose() throws Exception {
        start(ScpObserver.NONE);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "MODALITY", VERIFICATION)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            assertThat(scp.activeAssociations()).isEqualTo(1);

            peer.send(RawDicomPeer.releaseRequest());

            assertThat(peer.readPduType()).as("A-RELEASE-RP").isEqualTo(RELEASE_RP);
            await().atMost(Duration.ofSeconds(10)).until(() -> scp.activeAssociations() == 0);
            peer.setReadTimeout(Duration.ofSeconds(2));
            assertThat(peer.drainUntilClosed()).as("the SCP closed first instead of waiting for our close").isFalse();
            assertThat(scp.openConnections()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scp.openConnections() == 0);
    }

    @Test
    void echoscuAssociationsOneAfterAnotherFitInTwoSlotsAndTheCountReturnsToZero() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<String> rejections = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger mostActive = new AtomicInteger();
        AtomicReference<StoreScp> self = new AtomicReference<>();
        ScpObserver counting = new ScpObserver() {
            @Override
            public void associationAccepted(String callingAe) {
                accepted.incrementAndGet();
                // called while this association holds its slot, so the count seen here is at least 1
                mostActive.accumulateAndGet(self.get().activeAssociations(), Math::max);
            }

            @Override
            public void associationRejected(String callingAe, String reason) {
                rejections.add(reason);
            }
        };
        start(counting);
        self.set(scp);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ASSOCIATIONS; i++) {
            Processes.Result r = Processes.echoscu("MODALITY", "GBSCAN", scp.port());
            if (!r.ok()) {
                failures.add(r.output());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scp.activeAssociations() == 0 && scp.openConnections() == 0);

        assertThat(failures).as("echoscu runs that failed").isEmpty();
        assertThat(rejections).as("associations refused").isEmpty();
        assertThat(accepted).hasValue(ASSOCIATIONS);
        assertThat(mostActive.get()).as("most associations counted active at once").isBetween(1, SLOTS);
    }
}
