package org.gbscan.listener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gbscan.core.Config;

/** A listener on a free loopback port with a short settle time, recording the study events it emits. */
final class ListenerFixture implements AutoCloseable {
    final List<StudyReady> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<org.gbscan.core.audit.AuditRecord> audits = new CopyOnWriteArrayList<>();
    final DicomListener listener;

    ListenerFixture(Path spool, Duration settle, Map<String, String> extra) throws IOException {
        Config config = Config.of(Map.of("listener.host", "127.0.0.1", "listener.port", "0",
                "listener.spool.dir", spool.toString(), "listener.settle", settle.toMillis() + "ms"))
                .with(extra.containsKey("listener.allowedCallingAes") ? Map.of() : Map.of("listener.allowAnyCaller", "true"))
                .with(extra);
        listener = DicomListener.start(ListenerSettings.from(config), events::add, registry, audits::add);
    }

    ListenerFixture(Path spool, Duration settle) throws IOException {
        this(spool, settle, Map.of());
    }

    int port() {
        return listener.port();
    }

    double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        listener.close();
    }
}
