package org.gbscan.core.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify() is what a receiver runs before acknowledging: it must catch damage that readRef() cannot see. */
class DicomFilesVerifyTest {
    @TempDir
    Path tmp;

    private Path sample() {
        return TestStudies.write(tmp, Fixtures.study("VERIFY"), 1, 64, 48).get(0);
    }

    /** Offset of the 4-byte length of Pixel Data (7FE0,0010) in an Explicit VR LE file. */
    private static int pixelDataLengthOffset(byte[] all) {
        for (int i = all.length - 12; i > 132; i--) {
            if (all[i] == (byte) 0xE0 && all[i + 1] == 0x7F && all[i + 2] == 0x10 && all[i + 3] == 0) {
                return i + 8; // tag (4), VR (2), reserved (2)
            }
        }
        throw new IllegalStateException("no Pixel Data element");
    }

    @Test
    void acceptsAnIntactImageAndReturnsItsIdentity() throws Exception {
        Path f = sample();
        InstanceRef ref = DicomFiles.verify(f);
        assertThat(ref).isEqualTo(DicomFiles.readRef(f));
    }

    /** What gbscan writes (it also reads RLE, JPEG Lossless and others it never writes). */
    static java.util.stream.Stream<Encoding> writtenEncodings() {
        return java.util.Arrays.stream(Encoding.values()).filter(Encoding::writable);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("writtenEncodings")
    void acceptsIntactImagesInEveryEncodingWeWrite(Encoding encoding) throws Exception {
        org.gbscan.core.StudyRef study = Fixtures.study("ENC");
        InstanceRef ref = Fixtures.instance(study, org.gbscan.core.SopClass.US_MULTIFRAME_IMAGE, 1);
        var frames = java.util.List.of(Fixtures.gradient(ref, 0, 40, 30, org.gbscan.core.PixelFormat.RGB8),
                Fixtures.gradient(ref, 1, 40, 30, org.gbscan.core.PixelFormat.RGB8));
        Photometric photometric = encoding == Encoding.JPEG_BASELINE ? Photometric.YBR_FULL_422 : Photometric.RGB;
        ImageSpec spec = ImageSpec.original(ref, frames, photometric, null, new ImageSpec.Equipment("t", "t", "1", ""), "x")
                .withEncoding(encoding);
        Path f = tmp.resolve(encoding + ".dcm");
        DicomFiles.write(spec, f);

        assertThat(DicomFiles.verify(f).sopInstanceUid()).isEqualTo(ref.sopInstanceUid());
    }

    @Test
    void refusesAFileWhosePixelDataIsCutShort() throws Exception {
        Path f = sample();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 700));

        assertThat(DicomFiles.readRef(f)).isNotNull();
        assertThatThrownBy(() -> DicomFiles.verify(f)).isInstanceOf(BadDicomException.class);
    }

    @Test
    void refusesAFileDeclaringAHugePixelDataLength() throws Exception {
        Path f = sample();
        byte[] all = Files.readAllBytes(f);
        int at = pixelDataLengthOffset(all);
        all[at] = (byte) 0xF0;
        all[at + 1] = (byte) 0xFF;
        all[at + 2] = (byte) 0xFF;
        all[at + 3] = (byte) 0x7F;
        Files.write(f, all);

        assertThatThrownBy(() -> DicomFiles.verify(f)).isInstanceOf(BadDicomException.class);
    }

    @Test
    void refusesGarbageAfterThePreamble() throws Exception {
        Path f = sample();
        byte[] all = Files.readAllBytes(f);
        for (int i = 400; i < all.length; i++) {
            all[i] = (byte) (i * 31);
        }
        Files.write(f, all);

        assertThatThrownBy(() -> DicomFiles.verify(f)).isInstanceOf(BadDicomException.class);
    }
}
