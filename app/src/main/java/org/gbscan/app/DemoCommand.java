package org.gbscan.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gbscan.app.demo.DemoRun;
import org.gbscan.core.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** README command 1: phantom studies through a real PACS and the running service, out as SR, SC and FHIR. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run phantom studies from a PACS (Orthanc) through gbscan and back; print the results.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--work", description = "Cache and work folder (default: ~/.cache/gbscan/demo).")
    Path work;

    @Option(names = "--patients", defaultValue = "8", description = "Phantom studies to send (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "2026", description = "Phantom seed of the demo studies (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for all results (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Path folder = work != null ? work : Path.of(System.getProperty("user.home"), ".cache", "gbscan", "demo");
        long start = System.nanoTime();
        List<DemoRun.Row> rows = new DemoRun(new DemoRun.Options(folder, patients, seed, Duration.ofSeconds(timeoutSeconds)),
                System.out).run();
        System.out.println();
        System.out.printf("%-14s %-7s %14s %-7s %-3s %-3s %8s%n", "study", "truth", "probability", "label", "SR", "SC", "seconds");
        int complete = 0;
        int correct = 0;
        for (DemoRun.Row row : rows) {
            String probability = row.report().map(r -> r.assessable()
                    ? String.format(Locale.ROOT, "%.3f", r.probability()) : "not assessable").orElse("-");
            String label = row.label().map(DemoCommand::name).orElse("-");
            System.out.printf(Locale.ROOT, "%-14s %-7s %14s %-7s %-3s %-3d %8.1f%n", row.study().tag(), name(row.study().truth()),
                    probability, label, row.srPresent() ? "yes" : "no", row.scCount(), row.seconds());
            // a not-assessable study is complete with its SR and report: it gets no CAM image
            if (row.srPresent() && row.report().isPresent() && (row.scCount() > 0 || row.notAssessable())) {
                complete++;
            }
            if (row.label().filter(l -> l == row.study().truth()).isPresent()) {
                correct++;
            }
        }
        long notAssessable = rows.stream().filter(DemoRun.Row::notAssessable).count();
        System.out.printf("%n%d of %d studies came back with SR, CAM SC (none when not assessable) and a FHIR report;"
                + " %d labelled as the phantom truth, %d not assessable.%n", complete, rows.size(), correct, notAssessable);
        System.out.println("CAM images as rendered by the PACS (Orthanc /preview):");
        rows.stream().flatMap(r -> r.camPngs().stream()).limit(12).forEach(p -> System.out.println("  " + p));
        System.out.printf(Locale.ROOT, "demo finished in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return complete == rows.size() ? 0 : 1;
    }

    private static String name(Label label) {
        return label == Label.BA ? "BA" : "non-BA";
    }
}
