package org.gbscan.handoff.artemis;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.gbscan.handoff.BadParcelException;
import org.gbscan.handoff.BrokerSettings;
import org.gbscan.handoff.HandOff;
import org.gbscan.handoff.ParcelStream;
import org.gbscan.handoff.StudyOutcome;
import org.gbscan.handoff.StudyParcel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Studies and outcomes through an Apache Artemis broker, with Camel's JMS component:
 * <ul>
 *   <li>{@code <queues>.studies}: one persistent message per study revision, its instances streamed in the body
 *       (an Artemis large message: never whole in memory, spilled to the broker's disk), the broker's duplicate
 *       detection keyed on study and revision, so a listener that hands the same revision on again after a
 *       restart adds nothing;</li>
 *   <li>consumed in a local JMS transaction that also holds the outcome (and a dead letter): the message leaves
 *       the queue only together with its outcome; a worker that dies mid-study leaves it to be delivered again;</li>
 *   <li>no prefetch ({@code consumerWindowSize=0}): a worker holds only the studies it is scoring, so a second worker
 *       gets the next one and a killed worker strands nothing behind the one it had;</li>
 *   <li>{@code <queues>.outcomes}: small text messages back to the listener;</li>
 *   <li>{@code <queues>.studies.dead}: a study given up after its last attempt, its instances again and the reason.</li>
 * </ul>
 * JMS, Artemis and Spring types stay in this package.
 */
public final class ArtemisHandOff implements HandOff {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisHandOff.class);
    static final String COMPONENT = "gbscan-artemis";
    /** Artemis's duplicate detection: a second message with the same id on an address is dropped by the broker. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The study's log tag (a hash, never a name), for people looking at the queues. */
    public static final String STUDY_TAG = "GbscanStudy";
    /** On a dead letter, beside {@link HandOff#REASON}: when it was given up (epoch ms), after how many attempts. */
    public static final String DEAD_AT = "GbscanDeadAt";
    public static final String ATTEMPTS = "GbscanAttempts";
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    private static final String PARCEL = "GbscanParcel";
    private static final String PARCEL_DIR = "GbscanParcelDir";
    private static final String ATTEMPT = "GbscanAttempt";
    private static final long STATUS_CACHE_NANOS = 5_000_000_000L;

    private final BrokerSettings settings;
    private final int concurrency;
    private final ActiveMQConnectionFactory broker;
    private final CachingConnectionFactory shared;
    private final Path workDir;
    private volatile QueueStatus lastStatus;
    private volatile long lastStatusNanos;

    private ArtemisHandOff(BrokerSettings settings, int concurrency, Path workDir) {
        this.settings = settings;
        this.concurrency = concurrency;
        this.workDir = workDir;
        this.broker = settings.user().isEmpty() ? new ActiveMQConnectionFactory(settings.url())
                : new ActiveMQConnectionFactory(settings.url(), settings.user(), settings.password());
        broker.setConsumerWindowSize(0);
        // one connection for the node, sessions and producers cached; reset when the broker goes away
        this.shared = new CachingConnectionFactory(broker);
        shared.setSessionCacheSize(Math.max(4, 2 * concurrency));
        shared.setCacheConsumers(false);
        shared.setReconnectOnException(true);
    }

    /**
     * Prepares the connection (made lazily: a node starts while the broker is away, and its consumers keep
     * trying every second). Clears what a stopped process of this node left in {@code route.worker.dir}.
     *
     * @param concurrency studies scored at once by this node (consumers of the studies queue)
     */
    public static ArtemisHandOff connect(BrokerSettings settings, int concurrency) throws IOException {
        Path work = settings.workDir().toAbsolutePath().resolve("worker-" + ProcessHandle.current().pid());
        Files.createDirectories(work.getParent());
        clearStale(work.getParent());
        Files.createDirectories(work);
        return new ArtemisHandOff(settings, concurrency, work);
    }

    /** Folders of worker processes that are gone: their copies were never released (killed mid-study). */
    private static void clearStale(Path workRoot) throws IOException {
        try (Stream<Path> dirs = Files.list(workRoot)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (name.matches("worker-\\d+") && ProcessHandle.of(Long.parseLong(name.substring(7))).isEmpty()) {
                    deleteTree(dir);
                }
            }
        }
    }

    @Override
    public void install(CamelContext camel) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(shared);
        camel.addComponent(COMPONENT, jms);
    }

    private String queue(String name) {
        return COMPONENT + ":queue:" + name;
    }

    /**
     * Transacted without a Spring transaction manager: the listener container's own session commits after the route,
     * and what the route sends on the same thread joins that session. A failed attempt is logged by the route, so
     * Spring's own report of the rollback stays at DEBUG.
     */
    private static String consumerOptions(int consumers) {
        return "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&mapJmsMessage=false"
                + "&recoveryInterval=1000&errorHandlerLoggingLevel=DEBUG&errorHandlerLogStackTrace=false"
                + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers;
    }

    @Override
    public String studiesOut() {
        return queue(settings.studiesQueue()) + "?artemisStreamingEnabled=true";
    }

    @Override
    public String studiesIn() {
        return queue(settings.studiesQueue()) + consumerOptions(concurrency);
    }

    @Override
    public String outcomesOut() {
        return queue(settings.outcomesQueue());
    }

    @Override
    public String outcomesIn() {
        return queue(settings.outcomesQueue()) + consumerOptions(1);
    }

    @Override
    public String deadLettersOut() {
        return queue(settings.deadLetterQueue()) + "?artemisStreamingEnabled=true";
    }

    @Override
    public Processor packStudy() {
        return exchange -> {
            StudyParcel parcel = exchange.getIn().getBody(StudyParcel.class);
            InputStream body = ParcelStream.open(parcel);
            closeWhenDone(exchange, body);
            exchange.getIn().setHeader(STUDY_UID, parcel.studyInstanceUid());
            exchange.getIn().setHeader(REVISION, parcel.revision());
            exchange.getIn().setHeader(STUDY_TAG, parcel.logTag());
            exchange.getIn().setHeader(DUPLICATE_ID, "study:" + parcel.studyInstanceUid() + ":" + parcel.revision());
            exchange.getIn().setBody(body);
        };
    }

    @Override
    public Processor unpackStudy() {
        return exchange -> {
            Message jms = exchange.getIn().getBody(Message.class);
            if (jms == null) {
                throw new BadParcelException("the studies queue delivered no JMS message");
            }
            // read what identifies the study first: a failure below is still reported for the right study
            int attempt = jms.propertyExists(DELIVERY_COUNT) ? jms.getIntProperty(DELIVERY_COUNT) : 1;
            exchange.setProperty(ATTEMPT, attempt);
            String uid = jms.getStringProperty(STUDY_UID);
            int revision = jms.propertyExists(REVISION) ? jms.getIntProperty(REVISION) : 0;
            // a fresh Camel message: nothing of the received one (its duplicate id, say) travels on to what we send
            org.apache.camel.Message in = new DefaultMessage(exchange);
            exchange.setIn(in);
            if (uid == null || revision < 1) {
                throw new BadParcelException("a message on " + settings.studiesQueue() + " names no study and revision");
            }
            in.setHeader(STUDY_UID, uid);
            in.setHeader(REVISION, revision);
            if (!(jms instanceof BytesMessage bytes)) {
                throw new BadParcelException("a message on " + settings.studiesQueue() + " is no bytes message");
            }
            Path dir = Files.createTempDirectory(workDir, org.gbscan.core.LogTags.of(uid) + "-r" + revision + "-");
            exchange.setProperty(PARCEL_DIR, dir);
            ParcelStream.Unpacked unpacked = ParcelStream.unpack(new BytesMessageStream(bytes), dir);
            if (!unpacked.header().equals(new ParcelStream.Header(uid, revision))) {
                throw new BadParcelException("the parcel in a message names another study or revision than the message");
            }
            StudyParcel parcel = new StudyParcel(uid, revision, unpacked.files(), attempt);
            exchange.setProperty(PARCEL, parcel);
            in.setBody(parcel);
        };
    }

    @Override
    public Processor packOutcome() {
        return exchange -> {
            StudyOutcome outcome = exchange.getIn().getBody(StudyOutcome.class);
            Properties p = new Properties();
            p.setProperty("studyUid", outcome.studyInstanceUid());
            p.setProperty("revision", Integer.toString(outcome.revision()));
            p.setProperty("kind", outcome.kind().name());
            p.setProperty("reason", outcome.reason());
            StringWriter text = new StringWriter();
            p.store(text, null);
            exchange.getIn().setHeader(STUDY_TAG, outcome.logTag());
            exchange.getIn().setBody(text.toString());
        };
    }

    @Override
    public Processor unpackOutcome() {
        return exchange -> {
            Message jms = exchange.getIn().getBody(Message.class);
            if (!(jms instanceof TextMessage text)) {
                throw new IllegalArgumentException("a message on " + settings.outcomesQueue() + " is no text message");
            }
            Properties p = new Properties();
            p.load(new StringReader(text.getText()));
            StudyOutcome outcome = new StudyOutcome(p.getProperty("studyUid"), Integer.parseInt(p.getProperty("revision", "0")),
                    StudyOutcome.Kind.valueOf(p.getProperty("kind", "")), p.getProperty("reason", ""));
            org.apache.camel.Message in = new DefaultMessage(exchange);
            in.setHeader(STUDY_UID, outcome.studyInstanceUid());
            in.setHeader(REVISION, outcome.revision());
            in.setBody(outcome);
            exchange.setIn(in);
        };
    }

    @Override
    public Processor deadLetter() {
        return exchange -> {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            StudyParcel parcel = exchange.getProperty(PARCEL, StudyParcel.class);
            org.apache.camel.Message out = new DefaultMessage(exchange);
            out.setHeader(STUDY_UID, exchange.getIn().getHeader(STUDY_UID));
            out.setHeader(REVISION, exchange.getIn().getHeader(REVISION));
            if (out.getHeader(STUDY_UID) != null) {
                out.setHeader(STUDY_TAG, org.gbscan.core.LogTags.of(out.getHeader(STUDY_UID, String.class)));
            }
            out.setHeader(REASON, StudyOutcome.reasonOf(cause));
            out.setHeader(DEAD_AT, System.currentTimeMillis());
            out.setHeader(ATTEMPTS, attempt(exchange));
            if (parcel != null && parcel.files().stream().allMatch(Files::isRegularFile)) {
                InputStream body = ParcelStream.open(parcel);
                closeWhenDone(exchange, body);
                out.setBody(body);
            } else {
                out.setBody(new byte[0]); // the instances could not be read here; the listener's spool keeps them
            }
            exchange.setIn(out);
        };
    }

    @Override
    public Processor release() {
        return exchange -> {
            Path dir = exchange.getProperty(PARCEL_DIR, Path.class);
            if (dir != null) {
                deleteTree(dir);
            }
        };
    }

    @Override
    public boolean redelivers() {
        return true;
    }

    @Override
    public int attempt(Exchange exchange) {
        Integer attempt = exchange.getProperty(ATTEMPT, Integer.class);
        return attempt == null ? 1 : attempt;
    }

    @Override
    public QueueStatus status() {
        long now = System.nanoTime();
        QueueStatus cached = lastStatus;
        if (cached != null && now - lastStatusNanos < STATUS_CACHE_NANOS) {
            return cached;
        }
        QueueStatus status;
        try (Connection c = broker.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            int dead = 0;
            try (QueueBrowser browser = s.createBrowser(s.createQueue(settings.deadLetterQueue()))) {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements() && dead < 10_000) {
                    e.nextElement();
                    dead++;
                }
            }
            status = new QueueStatus(true, "broker " + settings.url() + ", " + dead + " studies in " + settings.deadLetterQueue(), dead);
        } catch (JMSException | RuntimeException e) {
            status = new QueueStatus(false, "broker " + settings.url() + " unreachable: " + e.getMessage(), 0);
        }
        lastStatus = status;
        lastStatusNanos = now;
        return status;
    }

    @Override
    public void close() {
        shared.destroy();
        broker.close();
        try {
            deleteTree(workDir);
        } catch (IOException e) {
            LOG.warn("cannot delete the work folder {}: {}", workDir, e.toString());
        }
    }

    private static void closeWhenDone(Exchange exchange, InputStream body) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    body.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A received bytes message read as a stream: Artemis pulls a large message's chunks as they are read. */
    private static final class BytesMessageStream extends InputStream {
        private final BytesMessage message;

        BytesMessageStream(BytesMessage message) {
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                if (off == 0) {
                    return message.readBytes(b, len);
                }
                byte[] chunk = new byte[len];
                int n = message.readBytes(chunk, len);
                if (n > 0) {
                    System.arraycopy(chunk, 0, b, off, n);
                }
                return n;
            } catch (JMSException e) {
                throw new IOException("reading the study from the broker: " + e.getMessage(), e);
            }
        }
    }
}
