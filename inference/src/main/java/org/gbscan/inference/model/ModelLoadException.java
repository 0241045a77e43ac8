package org.gbscan.inference.model;

import java.nio.file.Path;

/** A model directory (or TorchScript file) that cannot be used; the message says which file and why. */
public class ModelLoadException extends Exception {
    private final Path location;

    public ModelLoadException(Path location, String message) {
        super(message);
        this.location = location;
    }

    public ModelLoadException(Path location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** The directory or file that was being loaded. */
    public Path location() {
        return location;
    }
}
