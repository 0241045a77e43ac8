package org.gbscan.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Walks an export folder at any depth and sorts its files by content: DICOM Part 10 ("DICM" after the
 * 128-byte preamble, whatever the extension), JPEG and PNG photos. A DICOMDIR is not needed (every file
 * is found by the walk) and is skipped; so are hidden files, other files, and folders named in
 * {@code skipFolders} (e.g. the phantom's mask folder).
 */
public final class ExportScanner {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    /** The images found and how many other files were passed over. */
    public record Scan(List<FoundFile> files, int dicomDirs, int otherFiles) {
        public Scan {
            files = List.copyOf(files);
        }
    }

    private final Set<String> skipFolders;

    public ExportScanner(Set<String> skipFolders) {
        this.skipFolders = Set.copyOf(skipFolders);
    }

    public Scan scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("data folder does not exist or is not a folder: " + root);
        }
        List<FoundFile> found = new ArrayList<>();
        int[] dicomDirs = {0};
        int[] others = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.startsWith(".") || skipFolders.contains(name));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!attrs.isRegularFile() || name.startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.toUpperCase(Locale.ROOT).equals("DICOMDIR")) {
                    dicomDirs[0]++;
                    return FileVisitResult.CONTINUE;
                }
                ImageKind kind = kindOf(file);
                if (kind == null) {
                    others[0]++;
                } else {
                    found.add(new FoundFile(file, relative(root, file), kind));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(FoundFile::relativePath));
        return new Scan(found, dicomDirs[0], others[0]);
    }

    /** DICOM, PHOTO or null, from the first 132 bytes. */
    public static ImageKind kindOf(Path file) throws IOException {
        byte[] head = new byte[132];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return ImageKind.DICOM;
        }
        boolean jpeg = n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF;
        boolean png = n >= 4 && Arrays.equals(Arrays.copyOf(head, 4), PNG);
        return jpeg || png ? ImageKind.PHOTO : null;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
