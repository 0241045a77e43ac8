package org.gbscan.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.phantom.PhantomReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a synthetic data set: DICOM studies, label CSV in the study's format, finding masks, optional phone photos. */
@Command(name = "phantom", mixinStandardHelpOptions = true,
        description = "Generate synthetic infant gallbladder ultrasound studies (DICOM + labels.csv + masks).")
public final class PhantomCommand implements Callable<Integer> {
    @Option(names = "--patients", required = true, description = "Number of patients (one study each).")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same data set (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--photos", description = "Also write phone-photo JPEGs of every image.")
    boolean photos;

    @Option(names = "--ba-fraction", defaultValue = "0.45", description = "Share of BA patients (default: ${DEFAULT-VALUE}).")
    double baFraction;

    @Option(names = "--size", defaultValue = "640x480", description = "Image size WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
    String size;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 640x480, got " + size);
        }
        PhantomOptions defaults = PhantomOptions.of(patients, seed, out);
        PhantomOptions options = new PhantomOptions(patients, seed, out, photos, baFraction, defaults.hardFraction(),
                defaults.cineFraction(), Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()), defaults.threads());
        PhantomReport report;
        try (ConsoleProgress bar = new ConsoleProgress("phantom", 1, "img")) {
            report = PhantomGenerator.generate(options, (done, total) -> {
                bar.max(total);
                bar.stepTo(done);
            });
        }
        System.out.printf(Locale.ROOT, "%d patients (%d BA), %d images (%d BA), %d frames, %d photos in %.1f s (%.1f images/s)%n",
                report.patients(), report.baPatients(), report.images(), report.baImages(), report.frames(), report.photos(),
                report.seconds(), report.imagesPerSecond());
        System.out.println("labels:   " + report.labels());
        if (report.photoLabels() != null) {
            System.out.println("photos:   " + report.photoLabels());
        }
        System.out.println("manifest: " + report.manifest());
        return 0;
    }
}
