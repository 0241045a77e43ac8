package org.gbscan.reporting.testing;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.testing.Processes;

/** DCMTK's dsrdump and PixelMed's SR template validator, run as the external tools they are. */
public final class SrTools {
    private SrTools() {
    }

    /** Lines dsrdump reports as warning, error or fatal (its log prefixes W:, E:, F:), plus its exit status. */
    public static List<String> dsrdumpProblems(Path file) {
        Processes.Result r = Processes.run(List.of("dsrdump", "-ll", "warn", file.toString()));
        List<String> problems = new java.util.ArrayList<>(r.output().lines()
                .filter(l -> l.startsWith("W:") || l.startsWith("E:") || l.startsWith("F:")).toList());
        if (!r.ok()) {
            problems.add("dsrdump exit status " + r.exitCode());
        }
        return problems;
    }

    /**
     * PixelMed's DicomSRValidator (IOD and TID template rules, context groups) in a separate JVM; it
     * needs the XPath limits lifted on Java 17. Returns its whole output.
     */
    public static String pixelmedValidator(Path file) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Processes.run(List.of(javaBin, "-Djdk.xml.xpathExprOpLimit=0", "-Djdk.xml.xpathExprGrpLimit=0",
                "-Djdk.xml.xpathTotalOpLimit=0", "-cp", pixelmedJar(),
                "com.pixelmed.validate.DicomSRValidator", file.toString()), java.util.Map.of(), 180).output();
    }

    /** The PixelMed jar on our class path (looked up by name: only core's adapter may link to PixelMed). */
    private static String pixelmedJar() {
        try {
            return Path.of(Class.forName("com.pixelmed.validate.DicomSRValidator").getProtectionDomain()
                    .getCodeSource().getLocation().toURI()).toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("PixelMed is not on the test class path", e);
        }
    }
}
