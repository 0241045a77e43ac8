package org.gbscan.handoff.artemis;

import java.net.InetAddress;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Artemis broker in this JVM, for development, tests and small sites ({@code gbscan broker}); a hospital
 * points {@code route.broker.url} at its own cluster instead. Persistent: messages live in a journal under the
 * data folder (synced before a send is confirmed), so a broker stopped or killed with studies queued has them
 * all again after its restart. Core protocol only, no security: bind it to loopback or a closed network.
 *
 * <p>Address settings for every queue: a rolled-back message comes back after 1 s, doubling up to 30 s, so a
 * failing study waits while the others flow; after 50 deliveries the broker itself moves it to {@code DLQ}
 * (a backstop: gbscan workers dead-letter a study with its reason after {@code route.maxAttempts}); queues
 * are never deleted automatically (the duplicate-detection history lives on their address).
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Deliveries after which the broker moves a message to {@link #BACKSTOP_DLQ} on its own. */
    static final int BACKSTOP_DELIVERIES = 50;
    static final String BACKSTOP_DLQ = "DLQ";

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Where and how the broker runs. */
    public record Options(Path dataDir, String host, int port) {
    }

    public static EmbeddedBroker start(Options options) throws Exception {
        Path data = options.dataDir().toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("gbscan-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO) // no native library needed
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setNodeManagerLockDirectory(data.toString())
                .setGracefulShutdownEnabled(false)
                .addAcceptorConfiguration("gbscan", "tcp://" + options.host() + ":" + options.port() + "?protocols=CORE")
                .addAddressSetting("#", new AddressSettings()
                        .setRedeliveryDelay(1000).setRedeliveryMultiplier(2).setMaxRedeliveryDelay(30_000)
                        .setMaxDeliveryAttempts(BACKSTOP_DELIVERIES).setDeadLetterAddress(SimpleString.of(BACKSTOP_DLQ))
                        .setAutoDeleteQueues(false).setAutoDeleteAddresses(false));
        if (!InetAddress.getByName(options.host()).isLoopbackAddress()) {
            LOG.warn("the broker listens on {}:{} without authentication: keep that network closed", options.host(), options.port());
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        String url = "tcp://" + options.host() + ":" + options.port();
        LOG.info("Artemis broker up at {}, journal in {}", url, data);
        return new EmbeddedBroker(server, url);
    }

    /** What {@code route.broker.url} should say to reach this broker. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        LOG.info("Artemis broker at {} stopped", url);
    }
}
