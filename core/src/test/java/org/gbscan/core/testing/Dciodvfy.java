package org.gbscan.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dicom3tools' dciodvfy (the IOD validator) on a file and returns its error lines. */
public final class Dciodvfy {
    private Dciodvfy() {
    }

    public record Result(List<String> errors, List<String> warnings, String output) {
    }

    public static Result check(Path file) {
        try {
            Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dciodvfy did not finish on " + file);
            }
            List<String> lines = out.lines().toList();
            return new Result(lines.stream().filter(l -> l.startsWith("Error")).toList(),
                    lines.stream().filter(l -> l.startsWith("Warning")).toList(), out);
        } catch (IOException e) {
            throw new IllegalStateException("dciodvfy is not installed (Debian package dicom3tools): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
