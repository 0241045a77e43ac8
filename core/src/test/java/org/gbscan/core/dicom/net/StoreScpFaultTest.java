package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.gbscan.core.SopClass;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.RawDicomPeer;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never takes the SCP down: each broken conversation ends in an A-ABORT, a closed connection or a
 * failure status, leaves no half file behind, and the next normal store succeeds.
 */
class StoreScpFaultTest {
    private static final String US = SopClass.US_IMAGE.uid();

    @TempDir
    Path tmp;
    RecordingSink sink;
    StoreScp scp;
    Path sample;

    @BeforeEach
    void start() throws IOException {
        sink = new RecordingSink(tmp.resolve("store"));
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", tmp.resolve("incoming")), sink, ScpObserver.NONE);
        sample = TestStudies.write(Files.createDirectories(tmp.resolve("src")), Fixtures.study("FAULT"), 1, 64, 48).get(0);
    }

    @AfterEach
    void afterEachFaultANormalStoreStillWorksAndNothingIsLeftBehind() throws IOException {
        Path good = TestStudies.write(tmp.resolve("src"), Fixtures.study("AFTER"), 1, 32, 32).get(0);
        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(good));
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(sink.received).extracting(i -> i.sopInstanceUid()).contains(good.getFileName().toString().replace(".dcm", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> scp.activeAssociations() == 0);
        try (Stream<Path> s = Files.list(tmp.resolve("incoming"))) {
            assertThat(s.toList()).isEmpty();
        }
        scp.close();
    }

    private byte[] dataSetOf(Path part10) throws IOException {
        byte[] all = Files.readAllBytes(part10);
        // skip preamble, "DICM" and the meta group: its length is in (0002,0000), the first element
        int groupLength = (all[140] & 0xff) | (all[141] & 0xff) << 8 | (all[142] & 0xff) << 16 | (all[143] & 0xff) << 24;
        return Arrays.copyOfRange(all, 144 + groupLength, all.length);
    }

    @Test
    void dropsAnHttpRequestSentToTheDicomPort() throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            peer.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readPduType()).isIn(RawDicomPeer.ABORT, RawDicomPeer.CLOSED);
        }
    }

    @Test
    void dropsAnAssociationRequestDeclaringFourGigabytes() throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            peer.send(new byte[] {0x01, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0, 1});
            assertThat(peer.readPduType()).isIn(RawDicomPeer.ABORT, RawDicomPeer.CLOSED);
        }
    }

    @Test
    void abortsAPDataPduDeclaringAHugeLength() throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            byte[] header = new byte[6];
            header[0] = 0x04;
            System.arraycopy(RawDicomPeer.uint32(0x7ffffff0L), 0, header, 2, 4);
            peer.send(header);
            assertThat(peer.readPduType()).isEqualTo(RawDicomPeer.ABORT);
        }
    }

    @Test
    void abortsAPdvItemThatClaimsMoreThanItsPdu() throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            byte[] pdu = RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, "1.2.3.4", 1));
            System.arraycopy(RawDicomPeer.uint32(1_000_000), 0, pdu, 6, 4); // PDV length beyond the PDU
            peer.send(pdu);
            assertThat(peer.readPduType()).isEqualTo(RawDicomPeer.ABORT);
        }
    }

    @Test
    void forgetsAnInstanceWhoseSenderDisappearsMidTransfer() throws IOException {
        byte[] data = dataSetOf(sample);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, "1.2.3.4.5", 1)));
            peer.send(RawDicomPeer.pData(1, false, false, Arrays.copyOf(data, data.length / 2)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scp.activeAssociations() == 0);
        assertThat(sink.received).isEmpty();
    }

    @Test
    void forgetsAnInstanceWhoseSenderAbortsMidTransfer() throws IOException {
        byte[] data = dataSetOf(sample);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, "1.2.3.4.6", 1)));
            peer.send(RawDicomPeer.pData(1, false, false, Arrays.copyOf(data, data.length / 2)));
            peer.send(RawDicomPeer.abortPdu());
            assertThat(peer.readPduType()).isEqualTo(RawDicomPeer.CLOSED);
        }
        assertThat(sink.received).isEmpty();
    }

    @Test
    void answersCannotUnderstandForGarbageAfterTheCommand() throws IOException {
        byte[] garbage = new byte[4000];
        new java.util.Random(7).nextBytes(garbage);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, "1.2.3.4.7", 1)));
            peer.send(RawDicomPeer.pData(1, false, true, garbage));
            assertThat(peer.readResponseStatus()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND.code());
        }
        assertThat(sink.received).isEmpty();
    }

    @Test
    void answersCannotUnderstandForATruncatedDataSetSentAsComplete() throws IOException {
        byte[] data = dataSetOf(sample);
        String sop = sample.getFileName().toString().replace(".dcm", "");
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, sop, 1)));
            peer.send(RawDicomPeer.pData(1, false, true, Arrays.copyOf(data, data.length - 1000)));
            assertThat(peer.readResponseStatus()).isEqualTo(StoreStatus.CANNOT_UNDERSTAND.code());
            // the association is still usable: the same instance, complete, is stored
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(US, sop, 2)));
            peer.send(RawDicomPeer.pData(1, false, true, data));
            assertThat(peer.readResponseStatus()).isEqualTo(StoreStatus.SUCCESS.code());
        }
        assertThat(sink.received).extracting(i -> i.sopInstanceUid()).containsExactly(sop);
    }

    @Test
    void answersDataSetMismatchWhenTheCommandNamesAnotherSopClassThanItsContext() throws IOException {
        byte[] data = dataSetOf(sample);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, true, true, RawDicomPeer.cStoreRequest(SopClass.SECONDARY_CAPTURE.uid(), "1.2.3.4.8", 1)));
            peer.send(RawDicomPeer.pData(1, false, true, data));
            assertThat(peer.readResponseStatus()).isEqualTo(StoreStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.code());
        }
    }

    @Test
    void abortsDataThatArrivesWithoutACommand() throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            peer.send(RawDicomPeer.pData(1, false, true, new byte[100]));
            assertThat(peer.readPduType()).isIn(RawDicomPeer.ABORT, RawDicomPeer.CLOSED);
        }
    }

    @Test
    void dropsAPeerThatConnectsAndSaysNothing() throws IOException {
        scp.close();
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", tmp.resolve("incoming")).withIdleTimeout(Duration.ofMillis(300)),
                sink, ScpObserver.NONE);
        try (RawDicomPeer peer = RawDicomPeer.connect(scp.port())) {
            assertThat(peer.readPduType()).isIn(RawDicomPeer.ABORT, RawDicomPeer.CLOSED);
        }
    }

    @Test
    void rejectsAnAssociationBeyondTheLimitAsTransientlyBusy() throws IOException {
        scp.close();
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", tmp.resolve("incoming")).withMaxAssociations(1), sink, ScpObserver.NONE);
        try (RawDicomPeer first = RawDicomPeer.connect(scp.port()); RawDicomPeer second = RawDicomPeer.connect(scp.port())) {
            assertThat(first.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_AC);
            assertThat(second.associate("GBSCAN", "RAW", US)).isEqualTo(RawDicomPeer.ASSOCIATE_RJ);
            first.send(RawDicomPeer.releaseRequest());
            assertThat(first.readPduType()).isEqualTo(0x06);
        }
        // the slot is free again once the released association's thread has closed the connection
        await().atMost(Duration.ofSeconds(10)).until(() -> scp.activeAssociations() == 0);
    }
}
