package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.util.Objects;

/**
 * One row of a label CSV.
 *
 * @param imageName the file name or relative path as written in the CSV ('/' separated)
 * @param patient   the patient the image belongs to (a CSV column, or the file-name prefix before '_')
 * @param line      1-based line number in the CSV, for messages
 */
public record LabelRow(String imageName, Label label, String patient, int line) {
    public LabelRow {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(patient, "patient");
    }
}
