package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Labelled images of one data folder, with the import summary that explains what was left out. */
public record Dataset(Path root, List<LabeledImage> images, ImportSummary summary) {
    public Dataset {
        images = List.copyOf(images);
    }

    /** Images per patient, patients in name order. */
    public Map<String, List<LabeledImage>> byPatient() {
        return images.stream().collect(Collectors.groupingBy(LabeledImage::patient, TreeMap::new, Collectors.toList()));
    }

    /** The study's patient label: majority of the patient's image labels, ties go to BA. */
    public static Label patientLabel(List<LabeledImage> images) {
        long ba = images.stream().filter(LabeledImage::isBa).count();
        return ba * 2 >= images.size() ? Label.BA : Label.NON_BA;
    }

    public Map<String, Label> patientLabels() {
        Map<String, Label> labels = new LinkedHashMap<>();
        byPatient().forEach((p, list) -> labels.put(p, patientLabel(list)));
        return labels;
    }

    public Dataset subset(List<LabeledImage> subset) {
        return new Dataset(root, subset, summary);
    }
}
