package org.gbscan.trainer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file found under the data folder.
 *
 * @param relativePath path below the data folder with '/' separators (the key a CSV row may use)
 */
public record FoundFile(Path file, String relativePath, ImageKind kind) {
    public FoundFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(kind, "kind");
    }

    public String fileName() {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }
}
