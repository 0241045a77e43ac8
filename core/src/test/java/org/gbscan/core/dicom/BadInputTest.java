package org.gbscan.core.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.SopClass;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of unusable input ends in one clear {@link BadDicomException}, never a raw runtime error. */
class BadInputTest {
    @TempDir
    Path dir;
    Path valid;
    InstanceRef ref;

    @BeforeEach
    void writeValidImage() throws IOException {
        ref = Fixtures.instance(Fixtures.study("P9"), SopClass.US_IMAGE, 1);
        valid = dir.resolve("valid.dcm");
        DicomFiles.write(ImageSpec.original(ref, List.of(Fixtures.gradient(ref, 0, 96, 64, PixelFormat.GRAY8)),
                Photometric.MONOCHROME2, new PixelSpacing(0.1, 0.1), new ImageSpec.Equipment("t", "", "", ""), ""), valid);
    }

    @Test
    void rejectsAFileThatIsNotDicom() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is a radiology report, not an image\n".repeat(20));
        assertThat(DicomFiles.looksLikeDicom(text)).isFalse();
        assertThatThrownBy(() -> DicomFiles.read(text, 0)).isInstanceOf(BadDicomException.class);
    }

    @Test
    void rejectsATruncatedFileWithTheReason() throws IOException {
        byte[] all = Files.readAllBytes(valid);
        Path cut = Files.write(dir.resolve("cut.dcm"), Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> DicomFiles.read(cut, 0)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("Pixel Data");
    }

    @Test
    void rejectsGarbageAfterThePreamble() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        System.arraycopy(new byte[128], 0, bytes, 0, 128);
        bytes[128] = 'D';
        bytes[129] = 'I';
        bytes[130] = 'C';
        bytes[131] = 'M';
        Path garbage = Files.write(dir.resolve("garbage.dcm"), bytes);
        assertThat(DicomFiles.looksLikeDicom(garbage)).isTrue();
        assertThatThrownBy(() -> DicomFiles.read(garbage, 0)).isInstanceOf(BadDicomException.class);
        assertThatThrownBy(() -> DicomFiles.readRef(garbage)).isInstanceOf(BadDicomException.class);
    }

    @Test
    void rejectsPixelDataShorterThanRowsAndColumnsSay() throws Exception {
        run("dcmodify", "-nb", "-m", "(0028,0010)=200", valid.toString());
        assertThatThrownBy(() -> DicomFiles.read(valid, 0)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("Pixel Data holds");
    }

    @Test
    void rejectsAnUnsupportedTransferSyntaxNamingIt() throws Exception {
        // JPEG-LS has no decoder here (RLE, this test's file until RLE became supported, now decodes)
        Path jpegLs = dir.resolve("jpeg-ls.dcm");
        run("dcmcjpls", valid.toString(), jpegLs.toString());
        assertThatThrownBy(() -> DicomFiles.read(jpegLs, 0)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("1.2.840.10008.1.2.4.80").hasMessageContaining("not supported");
        assertThat(DicomFiles.readRef(jpegLs)).isEqualTo(ref); // the header alone is still readable
    }

    @Test
    void rejectsAnUnsupportedPhotometricInterpretation() throws Exception {
        run("dcmodify", "-nb", "-m", "(0028,0004)=HSV", valid.toString());
        assertThatThrownBy(() -> DicomFiles.read(valid, 0)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("HSV");
    }

    @Test
    void rejectsAnObjectWithoutStudyUid() throws Exception {
        run("dcmodify", "-nb", "-e", "(0020,000D)", valid.toString());
        assertThatThrownBy(() -> DicomFiles.readRef(valid)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("Study Instance UID");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
