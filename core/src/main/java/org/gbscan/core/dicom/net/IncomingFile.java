package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One instance being received: Part 10 meta header, then the data set fragments as they arrive. */
final class IncomingFile {
    private final Path path;
    private final FileChannel channel;
    private long dataBytes;

    private IncomingFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static IncomingFile create(Path dir, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                               String sourceAe) throws IOException {
        byte[] meta = metaHeader(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAe);
        Path path = Files.createTempFile(dir, "rx-", ".part");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        IncomingFile f = new IncomingFile(path, channel);
        try {
            f.writeFully(meta);
        } catch (IOException e) {
            f.discard();
            throw e;
        }
        return f;
    }

    private static byte[] metaHeader(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAe)
            throws IOException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DicomOutputStream out = new DicomOutputStream(bytes, TransferSyntax.ExplicitVRLittleEndian, null);
            new FileMetaInformation(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAe).getAttributeList().write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (DicomException e) {
            throw new IOException("cannot build file meta information: " + e.getMessage(), e);
        }
    }

    void write(byte[] fragment) throws IOException {
        writeFully(fragment);
        dataBytes += fragment.length;
    }

    private void writeFully(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Forces the content to disk (fdatasync) and closes: after this the file survives a crash. */
    Path finish() throws IOException {
        channel.force(false);
        channel.close();
        return path;
    }

    long dataBytes() {
        return dataBytes;
    }

    void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we are about to delete; nothing useful to do
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temp file is swept at the next start
        }
    }
}
