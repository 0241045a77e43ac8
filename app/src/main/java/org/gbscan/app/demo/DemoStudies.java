package org.gbscan.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;

/** The phantom studies the demo sends: files grouped by study, with the phantom's true label. */
public record DemoStudies(List<Study> studies) {
    public record Study(String studyInstanceUid, String tag, Label truth, List<Path> files) {
    }

    /** Reads {@code labels.csv} ({@code Image_name,Label,Patient_name}, names relative to the set folder). */
    static DemoStudies read(Path set) throws IOException, BadDicomException {
        Map<String, Study> byUid = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(set.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            Path file = set.resolve(cells[0].trim());
            InstanceRef ref = DicomFiles.readRef(file);
            String uid = ref.study().studyInstanceUid();
            Label truth = Label.ofIndex(Integer.parseInt(cells[1].trim()));
            Study study = byUid.computeIfAbsent(uid, u -> new Study(u, ref.study().logTag(), truth, new ArrayList<>()));
            study.files().add(file);
        }
        return new DemoStudies(List.copyOf(byUid.values()));
    }

    int fileCount() {
        return studies.stream().mapToInt(s -> s.files().size()).sum();
    }
}
