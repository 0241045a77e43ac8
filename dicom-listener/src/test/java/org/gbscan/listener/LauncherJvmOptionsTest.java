package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's JVM switches (scripts/setup.sh, used by ./gbscan): a process that runs out of heap in one
 * thread exits instead of limping on with the thread gone while /health still says UP.
 */
class LauncherJvmOptionsTest {
    @Test
    void aJvmStartedWithTheLauncherOptionsExitsWhenAThreadRunsOutOfHeap() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("scripts/setup.sh"))) {
            root = root.getParent();
        }
        Process options = new ProcessBuilder("bash", "-c", "source scripts/setup.sh && gbscan_jvm_options")
                .directory(root.toFile()).redirectErrorStream(true).start();
        options.getOutputStream().close();
        String opts = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(options.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(opts).contains("-XX:+ExitOnOutOfMemoryError").containsPattern("-Xmx\\S+");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(opts.split("\\s+")));
        cmd.add("-Xmx64m"); // the last -Xmx wins: keep the test small
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OomVictim.class.getName()));
        Process victim = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        victim.getOutputStream().close();

        boolean exited = victim.waitFor(30, TimeUnit.SECONDS);
        String output = exited ? new String(victim.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        victim.destroyForcibly();

        assertThat(exited).as("process exited after the OutOfMemoryError").isTrue();
        assertThat(victim.exitValue()).isNotZero();
        assertThat(output).contains("Terminating due to java.lang.OutOfMemoryError").doesNotContain("main thread still running");
    }
}
