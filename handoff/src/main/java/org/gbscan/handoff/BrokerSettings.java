package org.gbscan.handoff;

import java.nio.file.Path;
import java.util.Objects;
import org.gbscan.core.Config;

/**
 * Where the studies go when listener and scoring run as separate processes, with the defaults
 * config/gbscan.properties documents:
 * <pre>
 * route.broker.url       (empty)     empty: one process, in-process queue; tcp://host:61616: an Artemis broker
 * route.broker.user      (empty)
 * route.broker.password  (empty)
 * route.broker.queues    gbscan      queue names: gbscan.studies, gbscan.outcomes, gbscan.studies.dead
 * route.worker.dir       data/work   a worker's copy of the study it is scoring (deleted after each study)
 * </pre>
 */
public record BrokerSettings(String url, String user, String password, String queues, Path workDir) {
    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        if (queues == null || !queues.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("route.broker.queues must be a queue-name prefix of letters, digits, '.', '_' or '-', got '"
                    + queues + "'");
        }
    }

    public static BrokerSettings from(Config config) {
        return new BrokerSettings(config.get("route.broker.url", ""), config.get("route.broker.user", ""),
                config.get("route.broker.password", ""), config.get("route.broker.queues", "gbscan"),
                config.getPath("route.worker.dir", Path.of("data/work")));
    }

    /** True when a broker URL is set: studies and outcomes travel through it. */
    public boolean enabled() {
        return !url.isBlank();
    }

    public String studiesQueue() {
        return queues + ".studies";
    }

    public String outcomesQueue() {
        return queues + ".outcomes";
    }

    public String deadLetterQueue() {
        return queues + ".studies.dead";
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "BrokerSettings[url=" + url + ", user=" + user + ", queues=" + queues + ", workDir=" + workDir + "]";
    }
}
