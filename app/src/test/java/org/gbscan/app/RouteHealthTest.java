package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.gbscan.app.pipeline.ResultPublisher;
import org.gbscan.app.pipeline.StudyLoader;
import org.gbscan.app.pipeline.StudyScoring;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.inference.FrameScorer;
import org.gbscan.inference.StudyScorer;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.fhir.api.HealthCheck.Status;
import org.gbscan.listener.StudyReady;
import org.gbscan.core.testing.Ports;
import org.gbscan.handoff.BrokerSettings;
import org.gbscan.handoff.HandOff;
import org.gbscan.handoff.InProcessHandOff;
import org.gbscan.handoff.artemis.ArtemisHandOff;
import org.gbscan.handoff.artemis.EmbeddedBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health's route check: DOWN when no study can make progress, with the reason an operator needs. */
class RouteHealthTest {
    private static final int MAX_ATTEMPTS = 2;
    private static final ModelInfo MODEL = new ModelInfo("gbscan-resnet18", "1.2.0", "resnet18", 0.5);

    @TempDir
    Path tmp;

    private final AtomicInteger scoringAttempts = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final StudyFailures failures = new StudyFailures(Clock.systemUTC(), Duration.ofHours(1));
    private CamelContext camel;

    private final java.util.List<String> failedOutcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HandOff handOff;
    private EmbeddedBroker broker;

    /** The real routes of a single process; scoring throws at every attempt (as a model that keeps failing would). */
    private Health.RouteCheck startRoute() throws Exception {
        return startRoute(new InProcessHandOff("seda:studies?concurrentConsumers=1"));
    }

    private Health.RouteCheck startRoute(HandOff with) throws Exception {
        handOff = with;
        camel = new DefaultCamelContext();
        handOff.install(camel);
        FrameScorer failingModel = frames -> {
            scoringAttempts.incrementAndGet();
            throw new IllegalStateException("the model failed (test)");
        };
        StudyScoring failingScoring = new StudyScoring(new StudyScorer(failingModel, MODEL));
        Routes.Completion completion = new Routes.Completion() {
            @Override
            public void done(String studyInstanceUid, int revision) {
                done.incrementAndGet();
            }

            @Override
            public void failed(String studyInstanceUid, int revision, String reason) {
                failedOutcomes.add(reason);
            }
        };
        camel.addRoutes(new Routes(new Routes.Settings(Role.ALL, MAX_ATTEMPTS, 10), handOff,
                new Routes.Pipeline(new StudyLoader(4, ImageLimits.DEFAULT), failingScoring, new ResultPublisher(null, null, 0)), completion, failures));
        camel.start();
        camel.getRouteController().startRoute(Routes.OUTCOME_ROUTE_ID);
        return new Health.RouteCheck(camel, List.of(Routes.HAND_OFF_ROUTE_ID, Routes.OUTCOME_ROUTE_ID, Routes.ROUTE_ID),
                failures, MAX_ATTEMPTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (handOff != null) {
            handOff.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Through a broker the same failing study is attempted MAX_ATTEMPTS times, then dead-lettered with its reason. */
    @Test
    void downWithTheReasonWhenAStudyFailingEveryAttemptWentToTheDeadLetterQueue() throws Exception {
        broker = EmbeddedBroker.start(new EmbeddedBroker.Options(tmp.resolve("broker"), "127.0.0.1", Ports.free()));
        Health.RouteCheck check = startRoute(ArtemisHandOff.connect(new BrokerSettings(broker.url(), "", "", "route-test",
                tmp.resolve("work")), 1));
        assertThat(check.check().up()).as(check.check().detail()).isTrue();
        StudyRef study = Fixtures.study("POISON");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("s")), study, 1, 16, 16);

        camel.createProducerTemplate().sendBody(Routes.SETTLED, new StudyReady(study, files, 1));

        await().atMost(Duration.ofSeconds(60)).until(() -> failedOutcomes.size() == 1);
        assertThat(scoringAttempts).as("every attempt was made and failed, each a delivery by the broker").hasValue(MAX_ATTEMPTS);
        assertThat(failedOutcomes).containsExactly("the model failed (test)");
        assertThat(done).as("never marked done").hasValue(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> handOff.status().deadLetters() == 1);
        Status status = check.check();
        assertThat(status.up()).isFalse();
        assertThat(status.detail()).contains("1 sent to the dead-letter queue", "study " + study.logTag() + " revision 1: the model failed (test)");
    }

    @Test
    void downWhenAStudyFailedPastMaxAttempts() throws Exception {
        Health.RouteCheck check = startRoute();
        assertThat(check.check().up()).as(check.check().detail()).isTrue();
        StudyRef study = Fixtures.study("FAILS");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("s")), study, 1, 16, 16);

        camel.createProducerTemplate().sendBody(Routes.SETTLED, new StudyReady(study, files, 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> failures.recentFailed() == 1);
        assertThat(scoringAttempts).as("every attempt was made and failed").hasValue(MAX_ATTEMPTS);
        assertThat(done).as("never marked done").hasValue(0);
        Status status = check.check();
        assertThat(status.up()).isFalse();
        assertThat(status.detail()).contains("1 studies failed past route.maxAttempts=2", "0 parked", "last 60 min");
    }

    @Test
    void downWhenTheRouteIsStopped() throws Exception {
        Health.RouteCheck check = startRoute();
        assertThat(check.check().up()).isTrue();

        camel.getRouteController().stopRoute(Routes.ROUTE_ID);

        Status status = check.check();
        assertThat(status.up()).isFalse();
        assertThat(status.detail()).contains("route 'study' is Stopped");
    }

    @Test
    void downWhenTheQueueHasNoConsumerLeft() throws Exception {
        Health.RouteCheck check = startRoute();
        assertThat(check.check().detail()).contains("1 consumers");

        camel.getRoute(Routes.ROUTE_ID).getConsumer().stop(); // the consumer dies; the route itself is still started

        assertThat(camel.getRouteController().getRouteStatus(Routes.ROUTE_ID).isStarted()).isTrue();
        Status status = check.check();
        assertThat(status.up()).isFalse();
        assertThat(status.detail()).contains("no consumer");
    }

    @Test
    void aParkedStudyIsReportedAndBothAgeOutOfTheWindow() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        StudyFailures windowed = new StudyFailures(clock, Duration.ofMinutes(10));
        windowed.parked(1);
        windowed.gaveUp();
        assertThat(windowed.recentParked()).isEqualTo(1);
        assertThat(windowed.recentFailed()).isEqualTo(1);

        clock.now = clock.now.plus(Duration.ofMinutes(11));

        assertThat(windowed.recentParked()).isZero();
        assertThat(windowed.recentFailed()).isZero();
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
