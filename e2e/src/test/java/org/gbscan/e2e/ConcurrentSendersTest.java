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
import org.gbscan.core.dicom.sr.SrDocument;
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
        try (GbscanProcess gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start()) {
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
            int split = 0;
            for (Suite.PhantomStudy study : studies) {
                // A sender that pauses longer than listener.settle inside a study (four associations on two busy
                // cores can) splits it into revisions, each scored and reported; the later SRs name the earlier
                // ones. Nothing is lost when the study's current SR covers every image it was sent.
                List<SrDocument> srs = Results.srs(pacs, study.studyInstanceUid());
                assertThat(srs.stream().filter(sr -> sr.predecessors().isEmpty())).as("one first SR").hasSize(1);
                List<SrDocument> current = Results.latest(srs);
                assertThat(current).as("one current SR").hasSize(1);
                assertThat(current.get(0).currentEvidence()).as("the current SR covers the whole study").hasSize(study.files().size());
                split += srs.size() - 1;
            }
            System.out.printf("concurrent senders: %d of %d studies were split into more than one revision%n", split, studies.size());
        }
    }
}
