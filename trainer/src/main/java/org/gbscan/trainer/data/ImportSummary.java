package org.gbscan.trainer.data;

import java.util.List;
import java.util.Locale;

/**
 * What the import found, for the user to check before trusting a model: counts, and every row or file
 * that could not be used (lists are complete; {@link #toText()} shows the first few of each).
 */
public record ImportSummary(int dicomFiles, int photoFiles, int dicomDirsSkipped, int otherFilesSkipped,
                            int csvRows, int matched, int baImages, int nonBaImages, int baPatients,
                            int nonBaPatients, List<String> unmatchedRows, List<String> unlabelledFiles,
                            List<String> csvProblems) {
    private static final int SHOWN = 10;

    public ImportSummary {
        unmatchedRows = List.copyOf(unmatchedRows);
        unlabelledFiles = List.copyOf(unlabelledFiles);
        csvProblems = List.copyOf(csvProblems);
    }

    public boolean clean() {
        return unmatchedRows.isEmpty() && unlabelledFiles.isEmpty() && csvProblems.isEmpty();
    }

    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Found %d DICOM file(s) and %d photo(s)", dicomFiles, photoFiles));
        if (dicomDirsSkipped > 0 || otherFilesSkipped > 0) {
            s.append(String.format(Locale.ROOT, " (skipped %d DICOMDIR, %d other file(s))", dicomDirsSkipped, otherFilesSkipped));
        }
        s.append('\n');
        s.append(String.format(Locale.ROOT, "Label rows: %d, matched to files: %d%n", csvRows, matched));
        s.append(String.format(Locale.ROOT, "Labelled images: %d BA, %d non-BA; patients: %d BA, %d non-BA%n",
                baImages, nonBaImages, baPatients, nonBaPatients));
        list(s, "label row(s) match no file", unmatchedRows);
        list(s, "file(s) have no label (not used)", unlabelledFiles);
        list(s, "problem(s) in the label file", csvProblems);
        return s.toString();
    }

    private static void list(StringBuilder s, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        s.append(items.size()).append(' ').append(what).append(":\n");
        items.stream().limit(SHOWN).forEach(i -> s.append("  ").append(i).append('\n'));
        if (items.size() > SHOWN) {
            s.append("  ... and ").append(items.size() - SHOWN).append(" more\n");
        }
    }
}
