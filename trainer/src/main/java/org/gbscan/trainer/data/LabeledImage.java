package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.util.Objects;

/** An image file with its label and patient: one row of the CSV matched to one file. */
public record LabeledImage(FoundFile file, Label label, String patient) {
    public LabeledImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(patient, "patient");
    }

    /** The key used in reports and caches: the path below the data folder. */
    public String id() {
        return file.relativePath();
    }

    public boolean isBa() {
        return label == Label.BA;
    }
}
