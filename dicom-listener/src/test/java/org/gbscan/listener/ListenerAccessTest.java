package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gbscan.core.Patient;
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may send, and what a sender may attach to a study: closed by default, one patient per study. */
class ListenerAccessTest {
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration QUIET = Duration.ofMillis(1000);

    @TempDir
    Path tmp;
    Path src;
    ListenerFixture fx;

    @BeforeEach
    void sources() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private ListenerFixture listener(String allowed) throws IOException {
        fx = new ListenerFixture(tmp.resolve("spool"), SETTLE, Map.of("listener.allowedCallingAes", allowed));
        return fx;
    }

    @Test
    void refusesEveryCallerWhenNoAllowListIsConfigured() throws IOException {
        listener("");

        Processes.Result r = Processes.echoscu("MODALITY", "GBSCAN", fx.port());

        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("Calling AE Title Not Recognized");
    }

    @Test
    void anAeTitleBoundToAHostIsRefusedFromAnyOtherHost() throws IOException {
        listener("MODALITY@127.0.0.1, ELSEWHERE@10.255.255.1|192.0.2.7");

        Processes.Result fromItsHost = Processes.echoscu("MODALITY", "GBSCAN", fx.port());
        Processes.Result fromTheWrongHost = Processes.echoscu("ELSEWHERE", "GBSCAN", fx.port());

        assertThat(fromItsHost.ok()).as(fromItsHost.output()).isTrue();
        assertThat(fromTheWrongHost.ok()).isFalse();
        assertThat(fromTheWrongHost.output()).contains("Calling AE Title Not Recognized");
        assertThat(fx.count("gbscan.listener.associations", "result", "rejected", "reason", "calling-ae-not-allowed")).isEqualTo(1);
    }

    @Test
    void refusesAnInstanceThatNamesAnotherPatientForAKnownStudyEvenAfterARestart() throws IOException {
        listener("MODALITY");
        StudyRef study = Fixtures.study("P-OWNER");
        List<Path> own = TestStudies.write(src, study, 2, 16, 16);
        StudyRef hijack = new StudyRef(study.studyInstanceUid(), new Patient("P-OTHER", "OTHER^CHILD", "20250101", "M"),
                study.accessionNumber(), study.studyDate(), study.studyTime(), study.studyId(), study.studyDescription());
        Path foreign = TestStudies.write(Files.createDirectories(tmp.resolve("foreign")), hijack, 1, 16, 16).get(0);

        assertThat(Processes.storescu("MODALITY", "GBSCAN", fx.port(), own).ok()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.size() == 1);
        Processes.Result refused = Processes.storescu("MODALITY", "GBSCAN", fx.port(), List.of(foreign), "-v");

        assertThat(refused.output()).contains("Error: CannotUnderstand").doesNotContain("(Success)");
        assertThat(fx.count("gbscan.listener.instances.refused", "status", "CANNOT_UNDERSTAND")).isEqualTo(1);
        assertThat(fx.audits).filteredOn(r -> r.kind() == org.gbscan.core.audit.AuditKind.DICOM_INSTANCE_REFUSED)
                .singleElement().satisfies(r -> {
                    assertThat(r.success()).isFalse();
                    assertThat(r.who()).isEqualTo("MODALITY");
                    assertThat(r.entity() + r.detail()).doesNotContain("P-OTHER", "P-OWNER", "OTHER^CHILD");
                });
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> fx.events.size() == 1);
        assertThat(fx.listener.pendingStudies()).isEqualTo(1); // revision 1, not re-opened by the foreign instance

        fx.close();
        fx = listener("MODALITY");
        Processes.Result afterRestart = Processes.storescu("MODALITY", "GBSCAN", fx.port(), List.of(foreign), "-v");
        Processes.Result sameAgain = Processes.storescu("MODALITY", "GBSCAN", fx.port(), own.subList(0, 1));

        assertThat(afterRestart.output()).contains("Error: CannotUnderstand");
        assertThat(sameAgain.ok()).as(sameAgain.output()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.events.stream().anyMatch(e -> e.files().size() == 2));
        assertThat(fx.events).allSatisfy(e -> assertThat(e.study().patient().id()).isEqualTo("P-OWNER"));
    }

    @Test
    void theRefusalMessageCarriesNoPatientData() {
        String message = new PatientMismatchException("study#1a2b").getMessage();
        assertThat(message).contains("study#1a2b").doesNotContain("P-");
    }
}
