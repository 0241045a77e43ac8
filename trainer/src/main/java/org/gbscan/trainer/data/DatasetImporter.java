package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins an export folder with a label CSV. A row matches a file by its relative path, else by a path
 * suffix, else by its file name, else by its name without extension (CSV "IM0001.dcm" for a file
 * "IM0001" and the reverse). A name found in two folders is ambiguous and reported, never guessed.
 */
public final class DatasetImporter {
    /** Folder names never scanned for images: where the phantom keeps its masks. */
    public static final Set<String> DEFAULT_SKIP_FOLDERS = Set.of("masks");

    private final ExportScanner scanner;

    public DatasetImporter() {
        this(DEFAULT_SKIP_FOLDERS);
    }

    public DatasetImporter(Set<String> skipFolders) {
        this.scanner = new ExportScanner(skipFolders);
    }

    public Dataset importFrom(Path dataDir, Path labelsCsv) throws IOException {
        if (!Files.isRegularFile(labelsCsv)) {
            throw new IOException("label file does not exist: " + labelsCsv);
        }
        ExportScanner.Scan scan = scanner.scan(dataDir);
        LabelCsv.Result csv = LabelCsv.read(labelsCsv);
        FileIndex index = new FileIndex(scan.files());

        List<String> problems = new ArrayList<>(csv.problems());
        List<String> unmatched = new ArrayList<>();
        Map<FoundFile, LabelRow> claimed = new IdentityHashMap<>();
        List<LabeledImage> images = new ArrayList<>();
        for (LabelRow row : csv.rows()) {
            List<FoundFile> candidates = index.candidates(row.imageName());
            if (candidates.isEmpty()) {
                unmatched.add("line " + row.line() + ": " + row.imageName());
            } else if (candidates.size() > 1) {
                problems.add("line " + row.line() + ": '" + row.imageName() + "' matches " + candidates.size()
                        + " files (" + candidates.get(0).relativePath() + ", " + candidates.get(1).relativePath()
                        + ", ...); write its relative path in the CSV");
            } else {
                FoundFile file = candidates.get(0);
                LabelRow earlier = claimed.putIfAbsent(file, row);
                if (earlier != null) {
                    problems.add("line " + row.line() + ": '" + row.imageName() + "' names the same file as line "
                            + earlier.line() + " (" + file.relativePath() + "); kept the first");
                } else {
                    images.add(new LabeledImage(file, row.label(), row.patient()));
                }
            }
        }
        List<String> unlabelled = scan.files().stream().filter(f -> !claimed.containsKey(f))
                .map(FoundFile::relativePath).toList();
        Dataset partial = new Dataset(dataDir, images, null);
        Map<String, Label> patients = partial.patientLabels();
        int dicom = (int) scan.files().stream().filter(f -> f.kind() == ImageKind.DICOM).count();
        ImportSummary summary = new ImportSummary(dicom, scan.files().size() - dicom, scan.dicomDirs(), scan.otherFiles(),
                csv.rows().size() + csv.problems().size(), images.size(),
                (int) images.stream().filter(LabeledImage::isBa).count(),
                (int) images.stream().filter(i -> !i.isBa()).count(),
                (int) patients.values().stream().filter(l -> l == Label.BA).count(),
                (int) patients.values().stream().filter(l -> l == Label.NON_BA).count(),
                unmatched, unlabelled, problems);
        return new Dataset(dataDir, images, summary);
    }

    /** Lookup of found files by relative path, file name and stem. */
    private static final class FileIndex {
        private final Map<String, FoundFile> byPath = new HashMap<>();
        private final Map<String, List<FoundFile>> byName = new HashMap<>();
        private final Map<String, List<FoundFile>> byStem = new HashMap<>();
        private final List<FoundFile> all;

        FileIndex(List<FoundFile> files) {
            this.all = files;
            for (FoundFile f : files) {
                byPath.put(f.relativePath(), f);
                byName.computeIfAbsent(f.fileName(), k -> new ArrayList<>()).add(f);
                byStem.computeIfAbsent(stem(f.fileName()), k -> new ArrayList<>()).add(f);
            }
        }

        List<FoundFile> candidates(String imageName) {
            String key = imageName.startsWith("./") ? imageName.substring(2) : imageName;
            FoundFile exact = byPath.get(key);
            if (exact != null) {
                return List.of(exact);
            }
            if (key.contains("/")) {
                String suffix = "/" + key;
                List<FoundFile> bySuffix = all.stream().filter(f -> f.relativePath().endsWith(suffix)).toList();
                if (!bySuffix.isEmpty()) {
                    return bySuffix;
                }
            }
            String name = key.substring(key.lastIndexOf('/') + 1);
            List<FoundFile> named = byName.getOrDefault(name, List.of());
            if (!named.isEmpty()) {
                return named;
            }
            List<FoundFile> stemmed = byStem.getOrDefault(name, List.of());
            if (!stemmed.isEmpty()) {
                return stemmed;
            }
            return byStem.getOrDefault(stem(name), List.of());
        }

        private static String stem(String name) {
            return FileNames.stem(name);
        }
    }
}
