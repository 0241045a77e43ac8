package org.gbscan.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** A study's state file in a gbscan spool ({@code <spool>/<study hash>/study.properties}), read from outside the process. */
final class SpoolState {
    private SpoolState() {
    }

    /** The study's state file, if the spool has one yet. */
    static Optional<Path> file(Path spool, String studyUid) throws IOException {
        if (!Files.isDirectory(spool)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(spool)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("study.properties");
                try {
                    if (Files.isRegularFile(file) && Files.readString(file).contains("studyUid=" + studyUid)) {
                        return Optional.of(file);
                    }
                } catch (IOException e) {
                    // replaced while reading; the next poll sees it
                }
            }
        }
        return Optional.empty();
    }

    /** One field of the study's state (revision, done, deliveries, parked); 0 while the spool has no state for it. */
    static int field(Path spool, String studyUid, String name) throws IOException {
        Optional<Path> file = file(spool, studyUid);
        if (file.isEmpty()) {
            return 0;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file.get())));
        return Integer.parseInt(p.getProperty(name, "0"));
    }
}
