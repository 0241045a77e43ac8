package org.gbscan.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the study group's published gallbladder crops are, for tests that use a small real subset:
 * the folder named by the environment variable {@value #ENV} (holding the images and {@code label.csv}).
 * The images are not part of the repository; without the variable those tests are skipped, and say so.
 */
public final class Ba2021Data {
    public static final String ENV = "GBSCAN_BA2021_DIR";

    private Ba2021Data() {
    }

    public static Optional<Path> folder() {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(dir);
        return Files.isRegularFile(p.resolve("label.csv")) ? Optional.of(p) : Optional.empty();
    }
}
