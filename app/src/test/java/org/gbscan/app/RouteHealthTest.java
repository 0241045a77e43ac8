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

    /** The real route; scoring throws at every attempt (as a model that keeps failing would). */
    private Health.RouteCheck startRoute() throws Exception {
        camel = new DefaultCamelContext();
        Routes.Endpoints endpoints = new Routes.Endpoints("seda:studies?concurrentConsumers=1", 1, MAX_ATTEMPTS, 10);
        FrameScorer failingModel = frames -> {
            scoringAttempts.incrementAndGet();
            throw new IllegalStateException("the model failed (test)");
        };
        StudyScoring failingScoring = new StudyScoring(new StudyScorer(failingModel, MODEL));
        camel.addRoutes(new Routes(endpoints, new StudyLoader(4, ImageLimits.DEFAULT), failingScoring, new ResultPublisher(null, null, 0),
                ready -> done.incrementAndGet(), failures::failed));
        camel.start();
        return new Health.RouteCheck(camel, Routes.ROUTE_ID, failures, MAX_ATTEMPTS);
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void downWhenAStudyFailedPastMaxAttempts() throws Exception {
        Health.RouteCheck check = startRoute();
        assertThat(check.check().up()).as(check.check().detail()).isTrue();
        StudyRef study = Fixtures.study("FAILS");
        List<Path> files = TestStudies.write(Files.createDirectories(tmp.resolve("s")), study, 1, 16, 16);

        camel.createProducerTemplate().sendBody("seda:studies?concurrentConsumers=1", new StudyReady(study, files, 1));

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
        windowed.failed();
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
