package org.gbscan.trainer.data;

/** What a file in an export folder is, judged by its content, not its name. */
public enum ImageKind {
    /** Part 10 file: "DICM" at byte 128. */
    DICOM,
    /** JPEG or PNG picture, e.g. a phone photo of the screen. */
    PHOTO
}
