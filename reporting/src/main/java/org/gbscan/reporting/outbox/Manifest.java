package org.gbscan.reporting.outbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.net.Destination;

/**
 * The state of one outbox entry, kept as {@code manifest.json} next to its objects and rewritten
 * atomically after every attempt, so a restart continues where the last process stopped.
 *
 * @param generation changes when the study's results are replaced while the entry waits
 * @param files      object file names inside the entry folder
 */
record Manifest(int version, String studyInstanceUid, String studyTag, String generation, Instant createdAt,
                List<String> files, List<Target> targets) {
    static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    Manifest {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        files = List.copyOf(files);
        targets = List.copyOf(targets);
    }

    /** Progress towards one destination: which files it confirmed, how many tries, when to try next. */
    record Target(String aeTitle, String host, int port, List<String> sent, int attempts, Instant nextAttemptAt,
                  String lastError) {
        Target {
            sent = List.copyOf(sent == null ? List.of() : sent);
            lastError = Objects.requireNonNullElse(lastError, "");
        }

        static Target pending(Destination d, Instant now) {
            return new Target(d.aeTitle(), d.host(), d.port(), List.of(), 0, now, "");
        }

        Destination destination() {
            return new Destination(aeTitle, host, port);
        }

        boolean done(List<String> files) {
            return sent.containsAll(files);
        }

        boolean sameDestination(Destination d) {
            return aeTitle.equals(d.aeTitle()) && host.equals(d.host()) && port == d.port();
        }

        Target succeeded(List<String> newlySent, Instant now) {
            List<String> all = new ArrayList<>(sent);
            newlySent.stream().filter(f -> !all.contains(f)).forEach(all::add);
            return new Target(aeTitle, host, port, all, attempts + 1, now, "");
        }

        Target failed(List<String> newlySent, String error, Instant next) {
            List<String> all = new ArrayList<>(sent);
            newlySent.stream().filter(f -> !all.contains(f)).forEach(all::add);
            return new Target(aeTitle, host, port, all, attempts + 1, next, error);
        }
    }

    boolean complete() {
        return targets.stream().allMatch(t -> t.done(files));
    }

    Manifest withTargets(List<Target> newTargets) {
        return new Manifest(version, studyInstanceUid, studyTag, generation, createdAt, files, newTargets);
    }

    /** Replaces the manifest of a live entry atomically. */
    void write(Path dir) throws IOException {
        DicomFiles.writeAtomically(dir.resolve(FILE), this::writeTo);
    }

    void writeTo(java.io.OutputStream out) throws IOException {
        out.write(JSON.writeValueAsBytes(this));
    }

    static Manifest read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), Manifest.class);
    }
}
