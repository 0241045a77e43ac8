package org.gbscan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution tarball of this checkout: the one {@code ./gbscan dist} already built when it is newer than
 * every source, pom, script and packaging file (the launcher's own staleness rule), else built now. A system
 * property {@code gbscan.dist} names a tarball to test instead.
 */
final class Distribution {
    /** Folders whose contents are build output or caches, never inputs of the distribution. */
    private static final Set<String> NOT_INPUTS = Set.of("target", "dist", "node_modules", ".git", "data", "models", "work");

    private Distribution() {
    }

    static Path tarball(Path repo) {
        String given = System.getProperty("gbscan.dist");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        try {
            Optional<Path> built = newestTarball(repo.resolve("dist"));
            if (built.isPresent() && !newerInputThan(repo, Files.getLastModifiedTime(built.get()))) {
                return built.get();
            }
            return build(repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> newestTarball(Path dist) throws IOException {
        if (!Files.isDirectory(dist)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dist)) {
            return files.filter(f -> f.getFileName().toString().matches("gbscan-.*\\.tar\\.gz"))
                    .max((a, b) -> lastModified(a).compareTo(lastModified(b)));
        }
    }

    private static boolean newerInputThan(Path repo, FileTime stamp) throws IOException {
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> repo.relativize(f).getNameCount() > 0 && !NOT_INPUTS.contains(repo.relativize(f).getName(0).toString()))
                    .filter(f -> isInput(repo.relativize(f).toString()))
                    .anyMatch(f -> lastModified(f).compareTo(stamp) > 0);
        }
    }

    private static boolean isInput(String path) {
        return path.endsWith("pom.xml") || path.contains("/src/main/") || path.startsWith("packaging/")
                || path.startsWith("scripts/") || path.startsWith("config/") || path.equals("gbscan");
    }

    private static FileTime lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(Path repo) throws IOException {
        Path log = Files.createDirectories(repo.resolve("target")).resolve("gbscan-dist.log");
        Process p = new ProcessBuilder(repo.resolve("gbscan").toString(), "dist", "-o").directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("./gbscan dist failed, see " + log + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the distribution", e);
        }
        // The launcher's contract: the tarball's path is the last line of its output.
        String[] lines = Files.readString(log).strip().split("\n");
        return Path.of(lines[lines.length - 1].strip());
    }
}
