package org.gbscan.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.DicomFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store of received instances and the source of truth after a crash. Layout:
 * <pre>
 * spool/.incoming/rx-*.part                  instances being received (swept at start: never acknowledged)
 * spool/&lt;study-hash&gt;/study.properties       studyUid, revision, done, deliveries, parked (atomic, fsynced)
 * spool/&lt;study-hash&gt;/&lt;sopInstanceUid&gt;.dcm   one file per SOP instance: a re-sent instance replaces it
 * spool/&lt;study-hash&gt;/purged.properties      sopInstanceUid = SHA-256 of the data set of each instance deleted by retention
 * </pre>
 * Retention ({@link #purge}) deletes a finished study's instance files but keeps its state, so a later
 * instance opens the next revision, and the digests of the deleted data sets, so a byte-identical resend is
 * still recognised and changes nothing.
 * The study folder is named by a hash of the Study Instance UID (no identifiers in paths). Every write is
 * temp file, fsync, atomic rename, fsync of the folder, so an acknowledged instance survives a power cut.
 */
public final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    static final String INCOMING = ".incoming";
    private static final String STATE = "study.properties";
    private static final String PURGED = "purged.properties";

    private final Path root;
    private final Path incoming;
    /** Bytes of instance files in study folders: adjusted on each put and purge, recounted by {@link #recount}. */
    private final AtomicLong bytesHeld = new AtomicLong();

    /**
     * Persistent per-study state: revision = revisions opened so far, done = last revision finished (or
     * parked), deliveries = times the current revision was handed on without being finished (a study that
     * kills the process while it is scored never gets finished: this counts its tries across restarts),
     * parked = last revision given up as failed (0 = none), patientKey = a hash of the study's Patient ID
     * (not the ID itself: no identifiers in the state file), empty when not yet known (a state written
     * before the key existed).
     */
    record StudyState(String studyUid, int revision, int done, int deliveries, int parked, String patientKey) {
        StudyState {
            patientKey = patientKey == null ? "" : patientKey;
        }

        boolean pending() {
            return done < revision;
        }
    }

    /** The hash kept for a Patient ID; equal IDs give equal keys, the key does not reveal the ID. */
    static String patientKey(String patientId) {
        return folderName("patient:" + patientId);
    }

    public Spool(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        this.incoming = this.root.resolve(INCOMING);
        Files.createDirectories(incoming);
        sweepIncoming();
        recount();
    }

    /** Bytes of the instance files the spool holds (what retention frees). */
    long bytesHeld() {
        return bytesHeld.get();
    }

    /** Counts the instance files again (at start and after each retention sweep, so the figure cannot drift). */
    void recount() throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(root, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".dcm") && !p.getParent().equals(incoming)).toList()) {
                try {
                    total += Files.size(p);
                } catch (NoSuchFileException e) {
                    // replaced or purged while counting
                }
            }
        }
        bytesHeld.set(total);
    }

    public Path root() {
        return root;
    }

    public Path incomingDir() {
        return incoming;
    }

    private void sweepIncoming() throws IOException {
        try (Stream<Path> s = Files.list(incoming)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
                log.info("removed an instance that was never acknowledged: {}", p.getFileName());
            }
        }
    }

    static String folderName(String studyUid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(studyUid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    Path studyDir(String studyUid) {
        return root.resolve(folderName(studyUid));
    }

    /** Moves a received, verified instance into its study folder durably; replaces an earlier copy. */
    void put(InstanceRef ref, Path received) throws IOException {
        Path dir = studyDir(ref.study().studyInstanceUid());
        Path target = dir.resolve(ref.sopInstanceUid() + ".dcm");
        long added = Files.size(received) - (Files.exists(target) ? Files.size(target) : 0);
        Files.move(received, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DicomFiles.fsyncDirectory(dir);
        bytesHeld.addAndGet(added);
    }

    /**
     * Retention: deletes the study's instance files, first recording the digest of each data set (durably)
     * so a byte-identical resend is still recognised. The state file stays. Caller ensures the study is finished.
     *
     * @return the bytes freed
     */
    long purge(String studyUid) throws IOException {
        List<Path> files = files(studyUid);
        if (files.isEmpty()) {
            return 0;
        }
        Path dir = studyDir(studyUid);
        Properties digests = purgedDigests(dir);
        for (Path f : files) {
            digests.setProperty(sopOf(f), dataSetDigest(f));
        }
        DicomFiles.writeAtomically(dir.resolve(PURGED), (OutputStream out) -> digests.store(out, "gbscan: data sets deleted by retention"));
        long freed = 0;
        for (Path f : files) {
            long size = Files.size(f);
            Files.delete(f);
            freed += size;
        }
        DicomFiles.fsyncDirectory(dir);
        bytesHeld.addAndGet(-freed);
        return freed;
    }

    /** When the study last changed: its state file is rewritten at each new revision, delivery, done and park. */
    Instant lastActivity(String studyUid) throws IOException {
        return Files.getLastModifiedTime(studyDir(studyUid).resolve(STATE)).toInstant();
    }

    private static String sopOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".dcm".length());
    }

    private static Properties purgedDigests(Path dir) throws IOException {
        Properties p = new Properties();
        Path file = dir.resolve(PURGED);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private static String dataSetDigest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(dataSetOffset(file));
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * True when the spool already holds this SOP instance with the same data set, byte for byte (the file
     * meta information, which names the sending AE, is not compared). Such a resend changes nothing.
     */
    boolean holdsSame(InstanceRef ref, Path received) throws IOException {
        Path spooled = studyDir(ref.study().studyInstanceUid()).resolve(ref.sopInstanceUid() + ".dcm");
        if (!Files.exists(spooled)) {
            String purged = purgedDigests(spooled.getParent()).getProperty(ref.sopInstanceUid());
            return purged != null && purged.equals(dataSetDigest(received));
        }
        long a = dataSetOffset(spooled);
        long b = dataSetOffset(received);
        if (Files.size(spooled) - a != Files.size(received) - b) {
            return false;
        }
        try (InputStream x = Files.newInputStream(spooled); InputStream y = Files.newInputStream(received)) {
            x.skipNBytes(a);
            y.skipNBytes(b);
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            int n;
            while ((n = x.readNBytes(bx, 0, bx.length)) > 0) {
                if (y.readNBytes(by, 0, n) != n || !java.util.Arrays.equals(bx, 0, n, by, 0, n)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Where the data set starts: after the preamble and the meta group, whose length is its first element. */
    private static long dataSetOffset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(144);
            boolean groupLength = head.length == 144 && head[128] == 'D' && head[132] == 2 && head[133] == 0
                    && head[134] == 0 && head[135] == 0 && head[136] == 'U' && head[137] == 'L';
            if (!groupLength) {
                return 0; // compare whole files
            }
            long length = (head[140] & 0xffL) | (head[141] & 0xffL) << 8 | (head[142] & 0xffL) << 16 | (head[143] & 0xffL) << 24;
            return Math.min(144 + length, Files.size(file));
        }
    }

    /** All instance files of a study, sorted by name. */
    public List<Path> files(String studyUid) throws IOException {
        Path dir = studyDir(studyUid);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** The study's state, or revision 0 when the spool has never seen it. */
    StudyState state(String studyUid) throws IOException {
        Path file = studyDir(studyUid).resolve(STATE);
        if (!Files.exists(file)) {
            return new StudyState(studyUid, 0, 0, 0, 0, "");
        }
        return readState(file);
    }

    void writeState(StudyState state) throws IOException {
        Path dir = studyDir(state.studyUid());
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            DicomFiles.fsyncDirectory(root);
        }
        Properties p = new Properties();
        p.setProperty("studyUid", state.studyUid());
        p.setProperty("revision", Integer.toString(state.revision()));
        p.setProperty("done", Integer.toString(state.done()));
        p.setProperty("deliveries", Integer.toString(state.deliveries()));
        p.setProperty("parked", Integer.toString(state.parked()));
        p.setProperty("patientKey", state.patientKey());
        DicomFiles.writeAtomically(dir.resolve(STATE), (OutputStream out) -> p.store(out, "gbscan spool state"));
    }

    /** Every study in the spool (for recovery at start). Folders without a readable state are skipped and logged. */
    List<StudyState> allStudies() throws IOException {
        List<StudyState> states = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
            for (Path dir : dirs) {
                Path file = dir.resolve(STATE);
                if (Files.exists(file)) {
                    states.add(readState(file));
                } else {
                    log.warn("spool folder {} has no {}; left alone", dir.getFileName(), STATE);
                }
            }
        }
        return states;
    }

    private static StudyState readState(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String uid = p.getProperty("studyUid", "");
        if (!Uids.isValid(uid)) {
            throw new IOException("spool state " + file + " has no valid studyUid");
        }
        try {
            return new StudyState(uid, Integer.parseInt(p.getProperty("revision", "0")), Integer.parseInt(p.getProperty("done", "0")),
                    Integer.parseInt(p.getProperty("deliveries", "0")), Integer.parseInt(p.getProperty("parked", "0")),
                    p.getProperty("patientKey", ""));
        } catch (NumberFormatException e) {
            throw new IOException("spool state " + file + " is corrupt: " + e.getMessage(), e);
        }
    }
}
