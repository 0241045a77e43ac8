package org.gbscan.core.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.SopClass;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RLE Lossless and JPEG Lossless SV1 as DCMTK writes them ({@code dcmcrle}, {@code dcmcjpeg +e1}) decode to
 * exactly the pixels of the uncompressed original: grey, RGB (both planar configurations DCMTK writes) and
 * multi-frame. JPEG-LS and JPEG 2000 have no decoder here and are therefore not decodable.
 */
class LosslessEncodingsTest {
    private static final ImageSpec.Equipment EQUIPMENT = new ImageSpec.Equipment("gbscan", "test", "0.1", "");

    @TempDir
    Path dir;

    static Stream<Arguments> losslessCopies() {
        List<Arguments> all = new ArrayList<>();
        for (Photometric pi : List.of(Photometric.MONOCHROME2, Photometric.RGB)) {
            for (int frames : List.of(1, 3)) {
                all.add(Arguments.of(pi, frames, Encoding.RLE_LOSSLESS, List.of("dcmcrle")));
                all.add(Arguments.of(pi, frames, Encoding.JPEG_LOSSLESS_SV1, List.of("dcmcjpeg", "+e1")));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} x{1} {2}")
    @MethodSource("losslessCopies")
    void decodesToTheSamePixelsAsTheUncompressedOriginal(Photometric pi, int frameCount, Encoding encoding, List<String> tool)
            throws Exception {
        SopClass sop = frameCount > 1 ? SopClass.US_MULTIFRAME_IMAGE : SopClass.US_IMAGE;
        InstanceRef ref = Fixtures.instance(Fixtures.study("P1"), sop, 1);
        PixelFormat format = pi.samplesPerPixel() == 3 ? PixelFormat.RGB8 : PixelFormat.GRAY8;
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < frameCount; i++) {
            frames.add(Fixtures.gradient(ref, i, 64, 48, format));
        }
        Path original = dir.resolve("original.dcm");
        DicomFiles.write(new ImageSpec(ref, frames, pi, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, new PixelSpacing(0.2, 0.2),
                EQUIPMENT, "lossless", false, false, "", 40, List.of()), original);
        Path compressed = dir.resolve("compressed.dcm");
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of(original.toString(), compressed.toString()));
        run(command);
        assertThat(DicomFiles.transferSyntaxUid(compressed)).isEqualTo(encoding.uid());

        ImageInstance plain = DicomFiles.read(original, 0);
        ImageInstance read = DicomFiles.read(compressed, 0);
        assertThat(read.ref()).isEqualTo(plain.ref());
        assertThat(read.totalFrames()).isEqualTo(frameCount);
        for (int i = 0; i < frameCount; i++) {
            assertThat(read.frames().get(i).format()).isEqualTo(format);
            assertThat(read.frames().get(i).pixels()).as("frame %d", i).isEqualTo(plain.frames().get(i).pixels());
        }
    }

    @Test
    void decodesRleAndLosslessJpegButNotJpegLsOrJpeg2000WithoutAReader() {
        assertThat(Encoding.decodableHere()).contains(Encoding.RLE_LOSSLESS, Encoding.JPEG_LOSSLESS_SV1, Encoding.JPEG_BASELINE)
                .doesNotContain(Encoding.JPEG_LS_LOSSLESS, Encoding.JPEG_2000_LOSSLESS, Encoding.JPEG_2000);
    }

    @Test
    void refusesATruncatedRleFrame() {
        byte[] header = new byte[64];
        header[0] = 1;
        header[4] = 64;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RleFrames.decode(header, 4, 4, 1, 8, 0))
                .isInstanceOf(BadDicomException.class).hasMessageContaining("holds 0 of 16 bytes");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
    }
}
