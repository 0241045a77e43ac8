package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.junit.jupiter.api.Test;

/** Four modalities send 25 studies each at the same time: every study gets its results. */
class ConcurrentSendersTest {
    @Test
    void fourConcurrentAssociationsOfTwentyFiveStudiesLoseNothing() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("concurrent");
        PacsRoundTripTest.deleteTree(home);
        List<Suite.PhantomStudy> studies = Suite.phantomStudies(100, 304);
        // The production settle time: with the suite's 700 ms, four associations on two busy cores pause longer
        // than that inside a study (about 0.5 s per file each), and every such pause scores a partial revision.
        java.util.Map<String, String> config = new java.util.HashMap<>(Suite.gbscanConfig(home));
        config.put("listener.settle", "5s");
        try (GbscanProcess gbscan = new GbscanProcess(home, config).start()) {
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                List<Path> files = studies.subList(s * 25, (s + 1) * 25).stream().flatMap(st -> st.files().stream()).toList();
                sent.add(senders.submit(() -> {
                    Suite.storescu(gbscan.dicomPort(), files);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            await("results of all 100 studies").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> studies.stream().allMatch(st -> Results.in(pacs, st.studyInstanceUid()).complete()));
            for (Suite.PhantomStudy study : studies) {
                assertThat(Results.in(pacs, study.studyInstanceUid()).srInstances()).as("one SR, one revision").isEqualTo(1);
            }
        }
    }
}
