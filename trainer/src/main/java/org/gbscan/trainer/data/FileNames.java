package org.gbscan.trainer.data;

import java.util.Locale;
import java.util.Set;

/** File-name helpers shared by label matching and mask lookup. */
public final class FileNames {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("dcm", "dicom", "dic", "ima", "jpg", "jpeg", "png");

    private FileNames() {
    }

    /** The last path segment ('/' separated). */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The name without a known image extension; UID-like names ("1.2.840.1") keep every component. */
    public static String stem(String path) {
        String name = name(path);
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.contains(ext) ? name.substring(0, dot) : name;
    }
}
