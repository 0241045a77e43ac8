package org.gbscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the spool marks a study done once its results are stored, and never offers a done study again;
 * H2's default write delay (500 ms) kept the stored report in memory a while after that. kill -9 at the
 * instant the study is marked done, 20 times in a row: after each restart every study has its FHIR report.
 */
class KillAtDoneTest {
    private static final int ROUNDS = 20;
    /** Far inside H2's old 500 ms write delay: a kill this soon after "done" lands where a report could be lost. */
    private static final Duration KILL_WITHIN = Duration.ofMillis(200);

    @Test
    void killedTheMomentAStudyIsMarkedDoneItsReportIsThereAfterRestartTwentyTimes() throws Exception {
        Path home = Suite.root().resolve("kill-at-done");
        PacsRoundTripTest.deleteTree(home);
        List<Suite.PhantomStudy> studies = Suite.phantomStudies(ROUNDS, 305);
        GbscanProcess gbscan = new GbscanProcess(home, Suite.gbscanConfig(home)).start();
        List<String> killLatenciesMs = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Suite.PhantomStudy study = studies.get(round);
                Suite.storescu(gbscan.dicomPort(), study.files());
                Path state = awaitDone(home.resolve("spool"), study.studyInstanceUid(), Duration.ofSeconds(120));
                gbscan.kill9();
                Instant killed = Instant.now();
                Duration latency = Duration.between(Files.getLastModifiedTime(state).toInstant(), killed);
                killLatenciesMs.add(Long.toString(latency.toMillis()));
                // the fault happened where intended: the process died by SIGKILL right after the done mark
                assertThat(gbscan.exitCode()).as("exit code of a SIGKILLed JVM").isEqualTo(137);
                assertThat(latency).as("kill after the done mark, round " + round).isLessThan(KILL_WITHIN);

                gbscan.start();
                IGenericClient fhir = FhirReports.client(gbscan);
                for (Suite.PhantomStudy earlier : studies.subList(0, round + 1)) {
                    assertThat(FhirReports.of(fhir, earlier.studyInstanceUid())).as("FHIR reports of study %d after round %d",
                            studies.indexOf(earlier), round).hasSize(1);
                }
            }
        } finally {
            System.out.println("kill latency after the done mark (ms): " + String.join(", ", killLatenciesMs));
            gbscan.close();
        }
    }

    /** Polls the spool state of the study every millisecond until it says done; returns that file. */
    private static Path awaitDone(Path spool, String studyUid, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path state = null;
        while (System.nanoTime() < deadline) {
            if (state == null) {
                state = SpoolState.file(spool, studyUid).orElse(null);
            }
            if (state != null) {
                try {
                    String text = Files.readString(state);
                    if (text.contains("done=1")) {
                        return state;
                    }
                } catch (IOException e) {
                    // being replaced atomically at this moment; read it again
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("study was not marked done within " + timeout);
    }
}
