package org.gbscan.core.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C-STORE and C-ECHO SCUs report per instance what the peer did, including refusals. */
class StoreScuTest {
    @TempDir
    Path tmp;
    RecordingSink sink;
    StoreScp scp;
    Destination dest;

    @BeforeEach
    void start() throws IOException {
        sink = new RecordingSink(tmp.resolve("store"));
        scp = StoreScp.start(ScpSettings.loopback("PACS", tmp.resolve("incoming")), sink, ScpObserver.NONE);
        dest = new Destination("PACS", "127.0.0.1", scp.port());
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    @Test
    void sendsAllFilesInOneAssociationAndReportsEachAsStored() throws Exception {
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("out")), Fixtures.study("SCU"), 5, 32, 32);

        SendResult result = new StoreScu("GBSCAN").send(dest, files);

        assertThat(result.allStored()).isTrue();
        assertThat(result.stored()).extracting(SendResult.Sent::file).containsExactlyInAnyOrderElementsOf(files);
        assertThat(sink.received).hasSize(5);
        assertThat(sink.callingAes).containsOnly("GBSCAN");
    }

    @Test
    void reportsInstancesThePeerRefused() throws Exception {
        sink.forcedOutcome = StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "full");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("out")), Fixtures.study("REFUSED"), 2, 16, 16);

        SendResult result = new StoreScu("GBSCAN").send(dest, files);

        assertThat(result.allStored()).isFalse();
        assertThat(result.stored()).isEmpty();
        assertThat(result.failed()).extracting(SendResult.Failed::file).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void reportsAnUnreadableFileWithoutSendingIt() throws Exception {
        List<Path> files = new ArrayList<>(TestStudies.write(Files.createDirectories(tmp.resolve("out")), Fixtures.study("MIX"), 1, 16, 16));
        Path junk = Files.writeString(tmp.resolve("out/junk.dcm"), "not dicom");
        files.add(junk);

        SendResult result = new StoreScu("GBSCAN").send(dest, files);

        assertThat(result.stored()).hasSize(1);
        assertThat(result.failed()).extracting(SendResult.Failed::file).containsExactly(junk);
    }

    @Test
    void throwsWhenNoAssociationCanBeMade() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("out")), Fixtures.study("DOWN"), 1, 16, 16);

        assertThatThrownBy(() -> new StoreScu("GBSCAN").send(new Destination("PACS", "127.0.0.1", closedPort), files))
                .isInstanceOf(DicomNetException.class).hasMessageContaining("PACS@127.0.0.1:" + closedPort);
    }

    @Test
    void storesAStudyIntoOrthancAsARealPacs() throws Exception {
        org.gbscan.core.testing.OrthancServer orthanc = org.gbscan.core.testing.OrthancServer.shared();
        org.gbscan.core.StudyRef study = Fixtures.study("TO-ORTHANC");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("out")), study, 3, 32, 32);

        SendResult result = new StoreScu("GBSCAN").send(new Destination(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort()), files);

        assertThat(result.allStored()).as(result.failed().toString()).isTrue();
        assertThat(orthanc.instancesOfStudy(study.studyInstanceUid())).hasSize(3);
    }

    @Test
    void echoSucceedsAgainstTheScpAndFailsForAWrongAeTitle() throws Exception {
        Echo.echo(dest, "GBSCAN");

        assertThatThrownBy(() -> Echo.echo(new Destination("NOBODY", "127.0.0.1", scp.port()), "GBSCAN"))
                .isInstanceOf(DicomNetException.class);
    }
}
