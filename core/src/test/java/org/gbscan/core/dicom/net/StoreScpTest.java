package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Storage SCP against DCMTK's echoscu and storescu, the peers a site would point at us. */
class StoreScpTest {
    @TempDir
    Path tmp;
    RecordingSink sink;
    StoreScp scp;

    @BeforeEach
    void start() throws IOException {
        sink = new RecordingSink(tmp.resolve("store"));
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", tmp.resolve("incoming")), sink, ScpObserver.NONE);
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    private Path incoming() {
        return tmp.resolve("incoming");
    }

    private List<Path> leftoversInIncoming() throws IOException {
        try (Stream<Path> s = Files.list(incoming())) {
            return s.toList();
        }
    }

    @Test
    void answersEchoscu() {
        Processes.Result r = Processes.echoscu("MODALITY", "GBSCAN", scp.port());
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Test
    void handsEveryInstanceToTheSinkAsAVerifiedPart10File() throws Exception {
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), "P1", 3);

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), files);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(sink.received).extracting(InstanceRef::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(files.stream().map(f -> f.getFileName().toString().replace(".dcm", "")).toList());
        assertThat(sink.callingAes).containsOnly("MODALITY");
        for (Path f : files) {
            Path stored = tmp.resolve("store").resolve(f.getFileName());
            assertThat(DicomFiles.read(stored, 0).frames().get(0).pixels()).isEqualTo(DicomFiles.read(f, 0).frames().get(0).pixels());
        }
        assertThat(leftoversInIncoming()).isEmpty();
    }

    @Test
    void takesAFiftyInstanceStudyInOneAssociation() {
        List<Path> files = TestStudies.write(tmp, Fixtures.study("P50"), 50, 32, 32);

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), files);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(sink.received).hasSize(50);
        assertThat(sink.received).extracting(i -> i.study().studyInstanceUid()).containsOnly(files.isEmpty() ? "" : sink.received.get(0).study().studyInstanceUid());
    }

    @Test
    void servesSeveralAssociationsAtOnce() {
        List<CompletableFuture<Processes.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Path> files = TestStudies.write(tmp, Fixtures.study("C" + i), 10, 32, 32);
            runs.add(CompletableFuture.supplyAsync(() -> Processes.storescu("MOD" + files.size(), "GBSCAN", scp.port(), files)));
        }
        runs.forEach(f -> assertThat(f.join().ok()).as(f.join().output()).isTrue());
        assertThat(sink.received).hasSize(40);
    }

    @Test
    void refusesCtImagesWithSopClassNotSupported() {
        Path file = TestStudies.write(tmp, Fixtures.study("CT"), 1, 16, 16).get(0);
        Processes.Result modify = Processes.run(List.of("dcmodify", "-nb", "-i", "(0008,0016)=1.2.840.10008.5.1.4.1.1.2",
                file.toString()));
        assertThat(modify.ok()).as(modify.output()).isTrue();

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(file));

        assertThat(r.output()).containsIgnoringCase("no presentation context");
        assertThat(sink.received).isEmpty();
    }

    @Test
    void rejectsACallingAeThatIsNotOnTheAllowList() throws IOException {
        scp.close();
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", incoming()).withAllowedCallingAes(List.of("PACS1")), sink, ScpObserver.NONE);

        Processes.Result stranger = Processes.echoscu("STRANGER", "GBSCAN", scp.port());
        Processes.Result known = Processes.echoscu("PACS1", "GBSCAN", scp.port());

        assertThat(stranger.ok()).isFalse();
        assertThat(stranger.output()).contains("Calling AE Title Not Recognized");
        assertThat(known.ok()).as(known.output()).isTrue();
    }

    @Test
    void rejectsAnotherCalledAeTitle() {
        Processes.Result r = Processes.echoscu("MODALITY", "SOMEONE", scp.port());

        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("Called AE Title Not Recognized");
    }

    @Test
    void reportsAFailingSinkAsOutOfResourcesNotSuccess() {
        sink.forcedOutcome = StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "spool full");
        List<Path> files = TestStudies.write(tmp, Fixtures.study("FULL"), 2, 16, 16);

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), files, "-v");

        assertThat(r.output()).contains("Refused: OutOfResources").doesNotContain("(Success)");
        assertThat(sink.received).isEmpty();
    }

    @Test
    void reportsASinkThatThrowsAsAFailureAndKeepsServing() {
        sink.forcedException = new IllegalStateException("fsync failed");
        Path file = TestStudies.write(tmp, Fixtures.study("THROW"), 1, 16, 16).get(0);

        Processes.Result failed = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(file), "-v");
        sink.forcedException = null;
        Processes.Result next = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(file));

        assertThat(failed.output()).contains("Refused: OutOfResources");
        assertThat(next.ok()).as(next.output()).isTrue();
        assertThat(sink.received).hasSize(1);
    }

    @Test
    void discardsAnInstanceLargerThanTheLimitAndAnswersOutOfResources() throws IOException {
        scp.close();
        scp = StoreScp.start(ScpSettings.loopback("GBSCAN", incoming()).withMaxInstanceBytes(20_000), sink, ScpObserver.NONE);
        Path big = TestStudies.write(tmp, Fixtures.study("BIG"), 1, 256, 256).get(0);
        Path small = TestStudies.write(tmp, Fixtures.study("SMALL"), 1, 16, 16).get(0);

        Processes.Result r = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(big), "-v");
        Processes.Result next = Processes.storescu("MODALITY", "GBSCAN", scp.port(), List.of(small));

        assertThat(r.output()).contains("Refused: OutOfResources");
        assertThat(next.ok()).as(next.output()).isTrue();
        assertThat(sink.received).as(r.output()).extracting(InstanceRef::sopInstanceUid)
                .containsExactly(small.getFileName().toString().replace(".dcm", ""));
        assertThat(leftoversInIncoming()).isEmpty();
    }
}
