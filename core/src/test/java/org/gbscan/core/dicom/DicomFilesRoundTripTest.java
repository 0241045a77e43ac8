package org.gbscan.core.dicom;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.gbscan.core.StudyRef;
import org.gbscan.core.testing.Dciodvfy;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DicomFilesRoundTripTest {
    private static final ImageSpec.Equipment EQUIPMENT = new ImageSpec.Equipment("gbscan", "test", "0.1", "");

    @TempDir
    Path dir;

    static Stream<Arguments> everySupportedCombination() {
        return Stream.of(
                Arguments.of(SopClass.US_IMAGE, Photometric.MONOCHROME2, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.US_IMAGE, Photometric.MONOCHROME2, Encoding.IMPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.US_IMAGE, Photometric.RGB, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.SECONDARY_CAPTURE, Photometric.YBR_FULL, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.SECONDARY_CAPTURE, Photometric.YBR_FULL_422, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.US_IMAGE, Photometric.PALETTE_COLOR, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.US_IMAGE, Photometric.MONOCHROME2, Encoding.JPEG_BASELINE, 1),
                Arguments.of(SopClass.US_IMAGE, Photometric.YBR_FULL_422, Encoding.JPEG_BASELINE, 1),
                Arguments.of(SopClass.US_MULTIFRAME_IMAGE, Photometric.MONOCHROME2, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 5),
                Arguments.of(SopClass.US_MULTIFRAME_IMAGE, Photometric.YBR_FULL_422, Encoding.JPEG_BASELINE, 4),
                Arguments.of(SopClass.SECONDARY_CAPTURE, Photometric.MONOCHROME1, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.SECONDARY_CAPTURE, Photometric.MONOCHROME2, Encoding.EXPLICIT_VR_BIG_ENDIAN, 1),
                Arguments.of(SopClass.SECONDARY_CAPTURE, Photometric.RGB, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1),
                Arguments.of(SopClass.VL_PHOTOGRAPHIC, Photometric.YBR_FULL_422, Encoding.JPEG_BASELINE, 1),
                Arguments.of(SopClass.VL_PHOTOGRAPHIC, Photometric.RGB, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, 1));
    }

    @ParameterizedTest(name = "{0} {1} {2} x{3}")
    @MethodSource("everySupportedCombination")
    void writesValidObjectsAndReadsBackTheSamePixels(SopClass sop, Photometric pi, Encoding enc, int frameCount) throws Exception {
        StudyRef study = Fixtures.study("P1");
        InstanceRef ref = Fixtures.instance(study, sop, 1);
        PixelFormat format = pi.samplesPerPixel() == 3 || pi == Photometric.PALETTE_COLOR ? PixelFormat.RGB8 : PixelFormat.GRAY8;
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < frameCount; i++) {
            Frame f = Fixtures.gradient(ref, i, 64, 48, format);
            frames.add(pi == Photometric.PALETTE_COLOR ? posterise(f) : f);
        }
        ImageSpec spec = new ImageSpec(ref, frames, pi, enc, new PixelSpacing(0.2, 0.2), EQUIPMENT, "round trip",
                false, false, "", 40, List.of());
        Path file = dir.resolve("img.dcm");
        DicomFiles.write(spec, file);

        if (!(pi == Photometric.YBR_FULL_422 && !enc.lossy())) {
            // dicom3tools still expects 3 bytes per pixel for uncompressed YBR_FULL_422; PS3.5 8.2.3 says 2.
            Dciodvfy.Result check = Dciodvfy.check(file);
            assertThat(check.errors()).as(check.output()).isEmpty();
        }

        ImageInstance read = DicomFiles.read(file, 0);
        assertThat(read.ref()).isEqualTo(ref);
        assertThat(read.totalFrames()).isEqualTo(frameCount);
        assertThat(read.spacing()).isEqualTo(new PixelSpacing(0.2, 0.2));
        // Exact for lossless grey/RGB/palette; colour-space rounding and chroma subsampling cost a little;
        // JPEG is judged by its mean error (sharp colour edges are smeared by design).
        double tolerance = enc.lossy() ? 6.0 : pi == Photometric.YBR_FULL_422 ? 3.0 : pi == Photometric.YBR_FULL ? 1.0 : 0.0;
        for (int i = 0; i < frameCount; i++) {
            Frame got = read.frames().get(i);
            assertThat(got.format()).isEqualTo(format);
            assertThat(meanDifference(frames.get(i).pixels(), got.pixels())).as("frame %d", i).isLessThanOrEqualTo(tolerance);
        }
    }

    private static Frame posterise(Frame f) {
        byte[] p = f.pixels().clone();
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((p[i] & 0xff) & 0xC0);
        }
        return new Frame(f.source(), f.index(), f.width(), f.height(), f.format(), p);
    }

    private static double meanDifference(byte[] a, byte[] b) {
        assertThat(b).hasSameSizeAs(a);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }
}
