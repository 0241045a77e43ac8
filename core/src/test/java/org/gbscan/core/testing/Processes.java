package org.gbscan.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command-line peer (DCMTK tools) to completion and keeps what it printed. */
public final class Processes {
    private Processes() {
    }

    /** Exit code and combined stdout/stderr of a finished process. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), 120);
    }

    public static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** DCMTK storescu sending the given files in one association. */
    public static Result storescu(String callingAe, String calledAe, int port, List<Path> files, String... extraOptions) {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", calledAe));
        cmd.addAll(List.of(extraOptions));
        cmd.add("127.0.0.1");
        cmd.add(String.valueOf(port));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    public static Result echoscu(String callingAe, String calledAe, int port) {
        return run(List.of("echoscu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", String.valueOf(port)));
    }
}
