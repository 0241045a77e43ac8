package org.gbscan.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gbscan.core.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the service until SIGTERM/SIGINT, then shuts down gracefully (stop accepting, drain, close). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the DICOM listener, scoring route, outbox and HTTP server (FHIR, web page, health, metrics).")
public final class ServeCommand implements Callable<Integer> {
    /** 128 + 15, what a JVM ended by SIGTERM exits with anyway. */
    private static final int SIGTERM_EXIT_STATUS = 143;

    @Option(names = "--config", description = "Properties file (see config/gbscan.properties); GBSCAN_* environment variables override it.")
    Path config;

    @Option(names = "--model", description = "Model directory; same as inference.model.dir.")
    Path model;

    @Option(names = "--role", defaultValue = "all", converter = RoleConverter.class,
            description = "all (default: the whole flow in this process), listener (receive, spool, hand studies to the broker)"
                    + " or worker (score studies from the broker); listener and worker need route.broker.url.")
    Role role;

    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Role.parse(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        Config settings = Config.load(config);
        LogFormat.apply(LogSettings.from(settings));
        if (model != null) {
            settings = settings.with("inference.model.dir", model.toString());
        }
        Service service = Service.start(settings, role);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeWithin(service, service.shutdownTimeout());
            stopped.countDown();
        }, "gbscan-shutdown"));
        String broker = settings.get("route.broker.url", "");
        if (role.scores()) {
            System.out.printf("gbscan %s (%s) serving model %s (%s) on %s%n", Version.current(), role, service.model().displayName(),
                    service.model().architecture(), service.device());
        } else {
            System.out.printf("gbscan %s (%s)%n", Version.current(), role);
        }
        if (role.receives()) {
            System.out.printf("  DICOM  %s @ port %d (C-ECHO, C-STORE%s)%n", settings.get("listener.ae", "GBSCAN"), service.dicomPort(),
                    settings.getBoolean("listener.tls", false) ? ", TLS" : "");
        }
        System.out.printf("  HTTP   %s://localhost:%d/  (FHIR: /fhir, health: /health, metrics: /metrics; auth: %s)%n",
                settings.getBoolean("http.tls", false) ? "https" : "http", service.httpPort(), settings.get("http.auth", "token"));
        if (role.receives()) {
            System.out.printf("  spool  %s%n", service.spoolDir());
        }
        System.out.printf("  queue  %s%n", broker.isBlank() ? "in process" : "broker " + broker);
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * SIGTERM ends the process within route.shutdownTimeout whatever is pending. Closing drains the route
     * within that time; if something still blocks (a decoder that ignores interrupts, a PACS that never
     * answers) the JVM is halted at the deadline. That is safe: every acknowledged instance is in the spool
     * and every result in the outbox and the report store before it counts as done, as after kill -9.
     */
    private static void closeWithin(Service service, Duration timeout) {
        System.err.println("gbscan: shutting down (draining studies in flight, at most " + timeout.toSeconds() + " s)");
        Thread closing = new Thread(service::close, "gbscan-close");
        closing.start();
        try {
            closing.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            System.err.println("gbscan: not stopped within route.shutdownTimeout (" + timeout.toSeconds() + " s); halting."
                    + " Unfinished studies stay in the spool and are scored at the next start.");
            System.err.flush();
            Runtime.getRuntime().halt(SIGTERM_EXIT_STATUS);
        }
    }
}
