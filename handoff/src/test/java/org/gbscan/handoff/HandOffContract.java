package org.gbscan.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every hand-off does, in one process or through a broker: the scoring side receives the study's
 * revision and the bytes of its instances as the listener spooled them, and the outcome comes back as sent.
 */
public abstract class HandOffContract {
    @TempDir
    protected Path dir;
    protected CamelContext camel;
    protected HandOff handOff;

    /** A hand-off of the kind under test, using folders under {@code dir}. */
    protected abstract HandOff newHandOff(Path dir) throws Exception;

    /** What the scoring side saw: the parcel and each file's bytes, read before the copy is released. */
    public record Received(StudyParcel parcel, Map<String, byte[]> contents, Object uidHeader, Object revisionHeader) {
    }

    protected final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    protected final BlockingQueue<StudyOutcome> outcomes = new LinkedBlockingQueue<>();

    protected void startRoutes() throws Exception {
        handOff = newHandOff(dir);
        camel = new DefaultCamelContext();
        handOff.install(camel);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:settled").process(handOff.packStudy()).to(handOff.studiesOut());
                from(handOff.studiesIn()).routeId("scoring").process(handOff.unpackStudy()).process(exchange -> {
                    StudyParcel parcel = exchange.getIn().getBody(StudyParcel.class);
                    Map<String, byte[]> contents = new java.util.TreeMap<>();
                    for (Path f : parcel.files()) {
                        contents.put(f.getFileName().toString(), Files.readAllBytes(f));
                    }
                    received.add(new Received(parcel, contents, exchange.getIn().getHeader(HandOff.STUDY_UID),
                            exchange.getIn().getHeader(HandOff.REVISION)));
                }).process(handOff.release());
                from("direct:outcome").process(handOff.packOutcome()).to(handOff.outcomesOut());
                from(handOff.outcomesIn()).process(handOff.unpackOutcome())
                        .process(exchange -> outcomes.add(exchange.getIn().getBody(StudyOutcome.class)));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (handOff != null) {
            handOff.close();
        }
        afterStop();
    }

    /** Runs after the routes and the hand-off are closed (a broker stops here). */
    protected void afterStop() throws Exception {
    }

    protected StudyParcel spooledStudy(String uid, int revision, int files) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool").resolve(uid));
        List<Path> paths = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(uid.hashCode());
        for (int i = 0; i < files; i++) {
            byte[] content = new byte[150_000 + i]; // above Artemis's 100 KiB: a large message, streamed
            random.nextBytes(content);
            paths.add(Files.write(spool.resolve(uid + "." + i + ".dcm"), content));
        }
        return StudyParcel.of(uid, revision, paths);
    }

    protected Received next() throws InterruptedException {
        Received r = received.poll(60, TimeUnit.SECONDS);
        assertThat(r).as("a study arrived for scoring within 60 s").isNotNull();
        return r;
    }

    @Test
    void aStudyHandedOnArrivesWithItsRevisionAndTheBytesOfItsInstances() throws Exception {
        startRoutes();
        StudyParcel sent = spooledStudy("1.2.826.0.1.3680043.8.498.11", 2, 3);
        camel.createProducerTemplate().sendBody("direct:settled", sent);

        Received got = next();
        assertThat(got.parcel().studyInstanceUid()).isEqualTo(sent.studyInstanceUid());
        assertThat(got.parcel().revision()).isEqualTo(2);
        assertThat(got.parcel().attempt()).isEqualTo(1);
        assertThat(got.uidHeader()).isEqualTo(sent.studyInstanceUid());
        assertThat(got.revisionHeader()).isEqualTo(2);
        assertThat(got.contents()).hasSize(3);
        for (Path f : sent.files()) {
            assertThat(got.contents().get(f.getFileName().toString())).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void releasingTheScoringCopyLeavesTheSpooledInstancesAlone() throws Exception {
        startRoutes();
        StudyParcel sent = spooledStudy("1.2.826.0.1.3680043.8.498.12", 1, 2);
        camel.createProducerTemplate().sendBody("direct:settled", sent);
        next();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> camel.getInflightRepository().size() == 0);
        assertThat(sent.files()).allMatch(Files::isRegularFile);
    }

    @Test
    void anOutcomeComesBackAsItWasSent() throws Exception {
        startRoutes();
        StudyOutcome done = StudyOutcome.done("1.2.3.4", 1);
        StudyOutcome failed = StudyOutcome.failed("1.2.3.5", 4, "cannot store the report: value too long\nsecond line");
        camel.createProducerTemplate().sendBody("direct:outcome", done);
        camel.createProducerTemplate().sendBody("direct:outcome", failed);
        assertThat(outcomes.poll(60, TimeUnit.SECONDS)).isEqualTo(done);
        assertThat(outcomes.poll(60, TimeUnit.SECONDS)).isEqualTo(failed);
    }
}
