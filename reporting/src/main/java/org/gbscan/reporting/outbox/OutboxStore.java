package org.gbscan.reporting.outbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.gbscan.core.dicom.DicomFiles;

/**
 * The outbox on disk: {@code <dir>/<studyKey>/} holds one study's objects and {@code manifest.json}.
 * New entries are written into {@code .staging-*} and renamed into place, so a crash never leaves a
 * half-written entry; leftovers of a crash are removed on start.
 */
final class OutboxStore {
    private static final String STAGING = ".staging-";
    private static final String TRASH = ".trash-";
    private final Path dir;

    OutboxStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    /** A folder name that identifies the study without revealing its UID (SHA-256, 128 bits). */
    static String studyKey(String studyInstanceUid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(studyInstanceUid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    Path newStaging() throws IOException {
        return Files.createDirectory(dir.resolve(STAGING + UUID.randomUUID()));
    }

    /**
     * Writes a file in a staging folder and forces it to disk. No rename per file: the staging folder
     * is synced once and renamed as a whole by {@link #commit}, which halves the fsyncs per study.
     */
    static void writeSynced(Path file, Outbox.ObjectWriter writer) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            writer.writeTo(out);
            out.flush();
            ch.force(true);
        }
    }

    /** Moves a fully written staging folder into place, replacing an older entry of the same study. */
    Path commit(Path staging, String key) throws IOException {
        DicomFiles.fsyncDirectory(staging);
        Path target = dir.resolve(key);
        if (Files.exists(target)) {
            Path trash = dir.resolve(TRASH + UUID.randomUUID());
            Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        DicomFiles.fsyncDirectory(dir);
        return target;
    }

    /** Entry folders with a manifest; removes staging and trash folders a crash left behind. */
    List<Path> scan() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(STAGING) || name.startsWith(TRASH)) {
                    deleteTree(p);
                } else if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(Manifest.FILE))) {
                    entries.add(p);
                }
            }
        }
        return entries;
    }

    void remove(Path entry) throws IOException {
        Path trash = dir.resolve(TRASH + UUID.randomUUID());
        Files.move(entry, trash, StandardCopyOption.ATOMIC_MOVE);
        DicomFiles.fsyncDirectory(dir);
        deleteTree(trash);
    }

    /** Bytes of every file in the outbox folder. */
    long bytes() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                try {
                    total += Files.size(p);
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed while we counted
                }
            }
            return total;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
