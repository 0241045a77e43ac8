package org.gbscan.handoff.artemis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.gbscan.core.testing.Ports;
import org.gbscan.handoff.BrokerSettings;
import org.gbscan.handoff.HandOff;
import org.gbscan.handoff.HandOffContract;
import org.gbscan.handoff.ParcelStream;
import org.gbscan.handoff.StudyParcel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-off contract through a real Artemis broker (embedded, persistent), and what only a broker does. */
class ArtemisHandOffTest extends HandOffContract {
    /** One broker for the class (a start costs seconds on a busy machine); each test has its own queues. */
    private static EmbeddedBroker broker;
    private static int port;
    private static Path journal;
    private static int tests;
    private String queues;
    private final List<CamelContext> extra = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir) throws Exception {
        port = Ports.free();
        journal = brokerDir;
        broker = startBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static EmbeddedBroker startBroker() throws Exception {
        return EmbeddedBroker.start(new EmbeddedBroker.Options(journal, "127.0.0.1", port));
    }

    @BeforeEach
    void ownQueues() {
        queues = "test" + (++tests);
    }

    @Override
    protected HandOff newHandOff(Path dir) throws Exception {
        return handOff(1);
    }

    private ArtemisHandOff handOff(int concurrency) throws IOException {
        return ArtemisHandOff.connect(new BrokerSettings(broker.url(), "", "", queues, dir.resolve("work")), concurrency);
    }

    @Override
    protected void afterStop() throws Exception {
        for (CamelContext c : extra) {
            c.stop();
        }
    }

    private CamelContext camel(HandOff with, RouteBuilder routes) throws Exception {
        CamelContext c = new DefaultCamelContext();
        with.install(c);
        c.addRoutes(routes);
        c.start();
        extra.add(c);
        return c;
    }

    @Test
    void aFailedAttemptGoesBackToTheQueueAndComesBackAsTheNextAttemptWithItsInstances() throws Exception {
        ArtemisHandOff h = handOff(1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Integer> filesSeen = new CopyOnWriteArrayList<>();
        CamelContext c = camel(h, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:settled").process(h.packStudy()).to(h.studiesOut());
                from(h.studiesIn()).errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhausted(false))
                        .process(h.unpackStudy()).process(exchange -> {
                            StudyParcel p = exchange.getIn().getBody(StudyParcel.class);
                            attempts.add(p.attempt());
                            filesSeen.add((int) p.files().stream().filter(Files::isRegularFile).count());
                            if (p.attempt() == 1) {
                                throw new IllegalStateException("the first attempt fails");
                            }
                        }).process(h.release());
            }
        });
        c.createProducerTemplate().sendBody("direct:settled", spooledStudy("1.2.826.0.1.3680043.8.498.21", 1, 2));
        await("the study's second attempt").atMost(Duration.ofSeconds(60)).until(() -> attempts.size() >= 2);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(filesSeen).containsExactly(2, 2);
        h.close();
    }

    @Test
    void aRevisionHandedOnTwiceIsDeliveredOnceAndTheNextRevisionStillArrives() throws Exception {
        startRoutes();
        StudyParcel first = spooledStudy("1.2.826.0.1.3680043.8.498.22", 1, 1);
        var producer = camel.createProducerTemplate();
        producer.sendBody("direct:settled", first);
        producer.sendBody("direct:settled", first); // a listener restarted before the outcome came back
        producer.sendBody("direct:settled", StudyParcel.of(first.studyInstanceUid(), 2, first.files()));
        // one consumer, one queue: had the broker kept the duplicate, it would arrive before revision 2
        assertThat(next().parcel().revision()).isEqualTo(1);
        assertThat(next().parcel().revision()).isEqualTo(2);
    }

    @Test
    void aStudyGivenUpGoesToTheDeadLetterQueueWithItsReasonAndItsInstances() throws Exception {
        ArtemisHandOff h = handOff(1);
        StudyParcel sent = spooledStudy("1.2.826.0.1.3680043.8.498.23", 3, 2);
        CamelContext c = camel(h, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:settled").process(h.packStudy()).to(h.studiesOut());
                from(h.studiesIn())
                        .onException(Exception.class).handled(true).log(LoggingLevel.INFO, "dead-lettering: ${exception.message}")
                            .process(h.deadLetter()).to(h.deadLettersOut()).end()
                        .process(h.unpackStudy()).process(exchange -> {
                            throw new IllegalStateException("cannot store the report of study s-1: the database refused it");
                        });
            }
        });
        c.createProducerTemplate().sendBody("direct:settled", sent);
        await("the study in the dead-letter queue").atMost(Duration.ofSeconds(60)).until(() -> h.status().deadLetters() == 1);
        assertThat(h.status().reachable()).isTrue();

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
        try (Connection connection = factory.createConnection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(queues + ".studies.dead"));
            BytesMessage dead = (BytesMessage) consumer.receive(30_000);
            assertThat(dead).as("a dead letter").isNotNull();
            assertThat(dead.getStringProperty(HandOff.REASON)).isEqualTo("cannot store the report of study s-1: the database refused it");
            assertThat(dead.getStringProperty(HandOff.STUDY_UID)).isEqualTo(sent.studyInstanceUid());
            assertThat(dead.getIntProperty(HandOff.REVISION)).isEqualTo(3);
            assertThat(dead.getLongProperty(ArtemisHandOff.DEAD_AT)).isPositive();
            ParcelStream.Unpacked instances = ParcelStream.unpack(stream(dead), dir.resolve("replay"));
            assertThat(instances.header()).isEqualTo(new ParcelStream.Header(sent.studyInstanceUid(), 3));
            assertThat(Files.readAllBytes(instances.files().get(1))).isEqualTo(Files.readAllBytes(sent.files().get(1)));
        }
        factory.close();
        h.close();
    }

    @Test
    void aStudyQueuedWhenTheBrokerStopsIsDeliveredAfterItsRestart() throws Exception {
        ArtemisHandOff sender = handOff(1);
        CamelContext listener = camel(sender, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:settled").process(sender.packStudy()).to(sender.studiesOut());
            }
        });
        StudyParcel sent = spooledStudy("1.2.826.0.1.3680043.8.498.24", 1, 2);
        listener.createProducerTemplate().sendBody("direct:settled", sent);
        listener.stop();
        sender.close();
        broker.close();

        broker = startBroker(); // same journal
        startRoutes();
        Received got = next();
        assertThat(got.parcel().studyInstanceUid()).isEqualTo(sent.studyInstanceUid());
        assertThat(got.contents().get(sent.files().get(0).getFileName().toString())).isEqualTo(Files.readAllBytes(sent.files().get(0)));
    }

    private static InputStream stream(BytesMessage message) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    byte[] chunk = new byte[len];
                    int n = message.readBytes(chunk, len);
                    if (n > 0) {
                        System.arraycopy(chunk, 0, b, off, n);
                    }
                    return n;
                } catch (JMSException e) {
                    throw new IOException(e);
                }
            }
        };
    }
}
