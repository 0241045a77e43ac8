package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.junit.jupiter.api.Test;

/** Results produced while the PACS is down wait in the outbox and all arrive once it is back. */
class PacsDownTest {
    @Test
    void resultsWaitForThePacsAndAllArriveWhenItReturns() throws Exception {
        OrthancPacs pacs = Suite.pacs();
        Path home = Suite.root().resolve("pacs-down");
        PacsRoundTripTest.deleteTree(home);
        List<Suite.PhantomStudy> studies = Suite.phantomStudies(5, 303);
        try (GbscanProcess gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start()) {
            pacs.stop();
            for (Suite.PhantomStudy study : studies) {
                Suite.storescu(gbscan.dicomPort(), study.files());
            }
            HttpClient http = HttpClient.newHttpClient();
            await("results queue up in the outbox").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> outboxDepth(http, gbscan) == studies.size());
            pacs.start();
            for (Suite.PhantomStudy study : studies) {
                await("results arrive after the PACS is back").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> Results.in(pacs, study.studyInstanceUid()).complete());
                assertThat(Results.in(pacs, study.studyInstanceUid()).srInstances()).isEqualTo(1);
            }
        } finally {
            pacs.start();
        }
    }

    private static double outboxDepth(HttpClient http, GbscanProcess gbscan) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gbscan.httpPort() + "/metrics"))
                .header("Authorization", "Bearer " + gbscan.token()).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("gbscan_outbox_depth")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }
}
