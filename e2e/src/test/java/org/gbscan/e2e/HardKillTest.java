package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.junit.jupiter.api.Test;

/** kill -9 while studies are in flight loses nothing and duplicates nothing. */
class HardKillTest {
    @Test
    void everyAcknowledgedStudyGetsExactlyOneSrAfterAKillAndRestart() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("hard-kill");
        PacsRoundTripTest.deleteTree(home);
        List<Suite.PhantomStudy> studies = Suite.phantomStudies(20, 302);
        GbscanProcess gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start();
        try {
            for (Suite.PhantomStudy study : studies) {
                Suite.storescu(gbscan.dicomPort(), study.files()); // returns only after every C-STORE was acknowledged
            }
            gbscan.kill9(); // studies are settling, being scored, or waiting in the outbox
            gbscan.start();
            for (Suite.PhantomStudy study : studies) {
                await("results of an acknowledged study after restart").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> Results.in(pacs, study.studyInstanceUid()).complete());
            }
            // A duplicate would show up as a second SR instance: the count must stay at one for a while.
            await("no study gets a second SR").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> studies.stream().allMatch(st -> Results.in(pacs, st.studyInstanceUid()).srInstances() == 1));
            for (Suite.PhantomStudy study : studies) {
                Results results = Results.in(pacs, study.studyInstanceUid());
                assertThat(results.srInstances()).as("SR instances of one study").isEqualTo(1);
                assertThat(results.scInstances()).as("CAM SCs of one study").isBetween(1, 3);
            }
        } finally {
            gbscan.close();
        }
    }
}
