package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An association kept open for several batches (issue 18), and what it sees when the peer ends it. */
class StoreAssociationTest {
    @TempDir
    Path tmp;
    private StoreScp scp;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> ended = new CopyOnWriteArrayList<>();

    private Destination start(Duration peerIdleTimeout, RecordingSink sink) throws IOException {
        ScpObserver observer = new ScpObserver() {
            @Override
            public void associationAccepted(String callingAe) {
                accepted.incrementAndGet();
            }

            @Override
            public void associationEnded(String callingAe, String reason) {
                ended.add(reason);
            }

            @Override
            public void connectionDropped(String reason) {
                ended.add(reason);
            }
        };
        scp = StoreScp.start(ScpSettings.loopback("PACS", tmp.resolve("incoming")).withIdleTimeout(peerIdleTimeout), sink, observer);
        return new Destination("PACS", "127.0.0.1", scp.port());
    }

    @AfterEach
    void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    @Test
    void sendsSeveralBatchesOverOneAssociation() throws Exception {
        RecordingSink sink = new RecordingSink(tmp.resolve("store"));
        Destination dest = start(Duration.ofSeconds(60), sink);
        List<Path> first = TestStudies.write(Files.createDirectories(tmp.resolve("a")), Fixtures.study("KEPT-A"), 2, 16, 16);
        List<Path> second = TestStudies.write(Files.createDirectories(tmp.resolve("b")), Fixtures.study("KEPT-B"), 3, 16, 16);

        try (StoreAssociation association = new StoreScu("GBSCAN").open(dest, StoreScu.syntaxesOf(first))) {
            assertThat(association.covers(second)).as("same kind of object: no new association needed").isTrue();
            SendResult a = association.send(first);
            SendResult b = association.send(second);

            assertThat(a.allStored()).isTrue();
            assertThat(b.allStored()).isTrue();
            assertThat(association.batchesSent()).isEqualTo(2);
            assertThat(association.isUsable()).isTrue();
        }
        assertThat(sink.received).hasSize(5);
        assertThat(accepted).as("associations the peer accepted").hasValue(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ended.isEmpty()); // released by us, not dropped
    }

    @Test
    void seesThatThePeerEndedAnAssociationThatSatIdle() throws Exception {
        RecordingSink sink = new RecordingSink(tmp.resolve("store"));
        Destination dest = start(Duration.ofMillis(300), sink);
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("a")), Fixtures.study("IDLE"), 1, 16, 16);

        try (StoreAssociation association = new StoreScu("GBSCAN").open(dest, StoreScu.syntaxesOf(files))) {
            assertThat(association.send(files).allStored()).isTrue();
            assertThat(association.isUsable()).isTrue();

            await("the peer drops the idle association").atMost(Duration.ofSeconds(20)).until(() -> !ended.isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> !association.isUsable());
        }
        assertThat(sink.received).hasSize(1);
    }
}
