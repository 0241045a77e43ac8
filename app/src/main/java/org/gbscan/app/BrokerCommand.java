package org.gbscan.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gbscan.handoff.artemis.EmbeddedBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An Apache Artemis broker for listener and worker nodes ({@code route.broker.url}), for development, tests and
 * small sites; production points the nodes at the hospital's own Artemis. Runs until SIGTERM/SIGINT.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an Artemis message broker (persistent journal) that joins gbscan listener and worker nodes.")
public final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "data/broker", description = "Journal folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "61616", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); the broker asks for no password, so bind"
                    + " other addresses only on a closed network.")
    String host;

    @Override
    public Integer call() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(new EmbeddedBroker.Options(data, host, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("gbscan broker: while stopping: " + e);
            }
            stopped.countDown();
        }, "gbscan-broker-stop"));
        System.out.printf("gbscan broker at %s (route.broker.url), journal in %s%n", broker.url(), data.toAbsolutePath());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
