package org.gbscan.trainer.eval;

import org.gbscan.trainer.data.FileNames;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an image's finding masks in a mask folder by the phantom's naming: {@code <stem>.png} or
 * {@code <stem>_<tag>.png} with a tag without '_' (gb = gallbladder, tc = triangular cord), where the
 * stem is the image's file name without extension. An image with several masks uses their union.
 */
public final class MaskIndex {
    private final Map<String, List<Path>> byStem = new HashMap<>();

    private MaskIndex() {
    }

    public static MaskIndex of(Path folder) throws IOException {
        MaskIndex index = new MaskIndex();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String base = name.substring(0, name.length() - 4);
                index.byStem.computeIfAbsent(base, k -> new ArrayList<>()).add(f);
                int underscore = base.lastIndexOf('_');
                if (underscore > 0) {
                    index.byStem.computeIfAbsent(base.substring(0, underscore), k -> new ArrayList<>()).add(f);
                }
            }
        }
        return index;
    }

    public int size() {
        return byStem.size();
    }

    /** The union of the image's masks, or empty when it has none. */
    public Optional<FindingMask> forImage(String relativePath) throws IOException {
        List<Path> files = byStem.get(FileNames.stem(relativePath));
        if (files == null || files.isEmpty()) {
            return Optional.empty();
        }
        List<FindingMask> masks = new ArrayList<>();
        for (Path f : files) {
            masks.add(FindingMask.read(f));
        }
        return Optional.of(FindingMask.union(masks));
    }
}
