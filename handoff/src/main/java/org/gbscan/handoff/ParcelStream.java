package org.gbscan.handoff;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * A study's instance files as one stream, so a broker can carry them (streamed, never whole in memory) and
 * a worker needs no shared disk. Layout, in {@link DataOutputStream} encoding:
 * <pre>
 *   "GBSCAN-PARCEL" version(byte)=1  studyUid(UTF)  revision(int)  files(int)
 *   per file:  name(UTF)  size(long)  bytes[size]  crc32(long)
 *   "END"(UTF)
 * </pre>
 * Unpacking checks every name (a plain file name, never a path), size, checksum and the end mark: a
 * truncated or foreign message fails with {@link BadParcelException} instead of yielding a partial study.
 */
public final class ParcelStream {
    private static final byte[] MAGIC = "GBSCAN-PARCEL".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final String END = "END";
    /** Spool files are named after their SOP Instance UID; nothing that could climb out of the folder. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");
    private static final int MAX_FILES = 100_000;

    private ParcelStream() {
    }

    /** The parcel's files as one stream, read lazily file by file. Close it to release an open file. */
    public static InputStream open(StudyParcel parcel) throws IOException {
        for (Path file : parcel.files()) {
            if (!plainName(file.getFileName().toString())) {
                throw new IllegalArgumentException("a spooled file name that a parcel cannot carry: " + file.getFileName());
            }
        }
        return new SequenceInputStream(new Parts(parcel));
    }

    /** Writes the parcel to {@code out} (for tests and small messages). */
    public static void write(StudyParcel parcel, OutputStream out) throws IOException {
        try (InputStream in = open(parcel)) {
            in.transferTo(out);
        }
    }

    /** What an unpacked stream said about its study. */
    public record Header(String studyInstanceUid, int revision) {
    }

    /**
     * Reads a parcel into {@code dir} (created), one file per instance.
     *
     * @return the study and revision the stream names, and the files written, sorted by name
     */
    public static Unpacked unpack(InputStream in, Path dir) throws IOException, BadParcelException {
        DataInputStream data = new DataInputStream(in);
        try {
            // readNBytes: a short foreign message gives fewer bytes, not an exception
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BadParcelException("not a gbscan study parcel (no GBSCAN-PARCEL mark)");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new BadParcelException("study parcel version " + version + ", this gbscan reads version " + VERSION);
            }
            Header header = new Header(data.readUTF(), data.readInt());
            int count = data.readInt();
            if (count < 0 || count > MAX_FILES) {
                throw new BadParcelException("study parcel claims " + count + " files");
            }
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>(count);
            byte[] buffer = new byte[64 * 1024];
            for (int i = 0; i < count; i++) {
                String name = data.readUTF();
                if (!plainName(name)) {
                    throw new BadParcelException("study parcel names a file that is not a plain file name");
                }
                long size = data.readLong();
                if (size < 0) {
                    throw new BadParcelException("file " + (i + 1) + " of the parcel has a negative size");
                }
                Path file = dir.resolve(name);
                CRC32 crc = new CRC32();
                try (OutputStream out = Files.newOutputStream(file)) {
                    long left = size;
                    while (left > 0) {
                        int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new EOFException();
                        }
                        crc.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                if (data.readLong() != crc.getValue()) {
                    throw new BadParcelException("file " + (i + 1) + " of the parcel fails its checksum");
                }
                files.add(file);
            }
            if (!END.equals(data.readUTF())) {
                throw new BadParcelException("study parcel has no end mark after its " + count + " files");
            }
            files.sort(null);
            return new Unpacked(header, List.copyOf(files));
        } catch (EOFException e) {
            throw new BadParcelException("study parcel is truncated");
        }
    }

    /** An unpacked parcel: what it said, and where its files now are. */
    public record Unpacked(Header header, List<Path> files) {
    }

    private static boolean plainName(String name) {
        return NAME.matcher(name).matches() && !name.contains("..");
    }

    /** Header, then per file its header, content and checksum, then the end mark; files are opened one at a time. */
    private static final class Parts implements Enumeration<InputStream> {
        private final StudyParcel parcel;
        private int next = -1; // -1: header; 3 parts per file; then the end mark
        private CheckedInputStream current;

        Parts(StudyParcel parcel) {
            this.parcel = parcel;
        }

        private int total() {
            return 1 + 3 * parcel.files().size() + 1;
        }

        @Override
        public boolean hasMoreElements() {
            return next + 1 < total();
        }

        @Override
        public InputStream nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException();
            }
            next++;
            try {
                if (next == 0) {
                    return bytes(out -> {
                        out.write(MAGIC);
                        out.writeByte(VERSION);
                        out.writeUTF(parcel.studyInstanceUid());
                        out.writeInt(parcel.revision());
                        out.writeInt(parcel.files().size());
                    });
                }
                if (next == total() - 1) {
                    return bytes(out -> out.writeUTF(END));
                }
                Path file = parcel.files().get((next - 1) / 3);
                return switch ((next - 1) % 3) {
                    case 0 -> bytes(out -> {
                        out.writeUTF(file.getFileName().toString());
                        out.writeLong(Files.size(file));
                    });
                    case 1 -> current = new CheckedInputStream(Files.newInputStream(file), new CRC32());
                    default -> {
                        long crc = current.getChecksum().getValue();
                        current = null;
                        yield bytes(out -> out.writeLong(crc));
                    }
                };
            } catch (IOException e) {
                // SequenceInputStream cannot throw IOException from here; the reader sees the failure as an error
                return new FailingStream(e);
            }
        }

        private interface Writer {
            void write(DataOutputStream out) throws IOException;
        }

        private static InputStream bytes(Writer writer) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                writer.write(out);
            }
            return new ByteArrayInputStream(buffer.toByteArray());
        }
    }

    /** Reading it fails with the error that stopped a part from opening (a spooled file gone, say). */
    private static final class FailingStream extends InputStream {
        private final IOException error;

        FailingStream(IOException error) {
            this.error = error;
        }

        @Override
        public int read() throws IOException {
            throw new IOException("cannot read a file of the study parcel: " + error.getMessage(), error);
        }
    }
}
