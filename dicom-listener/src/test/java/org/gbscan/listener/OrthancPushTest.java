package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.OrthancServer;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real PACS (Orthanc) pushes a study to gbscan the way a site would configure it. */
class OrthancPushTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyPushedByOrthancFiresOneEventWithAllItsInstances() throws Exception {
        OrthancServer orthanc = OrthancServer.shared();
        StudyRef study = Fixtures.study("ORTHANC-PUSH");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("src")), study, 12, 64, 48);
        List<String> ids = files.stream().map(orthanc::upload).toList();

        try (ListenerFixture fx = new ListenerFixture(tmp.resolve("spool"), Duration.ofMillis(500))) {
            orthanc.putModality("GBSCAN_TEST", "GBSCAN", "127.0.0.1", fx.port());

            orthanc.storeTo("GBSCAN_TEST", ids);

            await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() >= 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> fx.events.size() == 1);
            StudyReady event = fx.events.get(0);
            assertThat(event.studyInstanceUid()).isEqualTo(study.studyInstanceUid());
            assertThat(event.files()).hasSize(12);
            assertThat(event.study().patient().id()).isEqualTo(study.patient().id());
            assertThat(fx.count("gbscan.listener.instances.received")).isEqualTo(12);
        }
    }
}
