package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.core.dicom.LimitExceededException;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.ImageBombs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder's side of the image limits: a file that is already in the spool (received before the limits
 * existed, or copied there) is refused by the reader before a pixel is decoded, never by an OutOfMemoryError.
 */
class ImageLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void aSpooledCineDeclaring16384SquaredRgbFramesIsRefusedByTheReaderBeforeDecoding() throws Exception {
        Path cine = ImageBombs.dicomJpegCine(tmp, Fixtures.study("BOMB"), 8, 32);
        ImageBombs.forgeDicomSize(cine, 16384);
        long heapBefore = usedHeap();

        assertThatThrownBy(() -> DicomFiles.read(cine, 0)).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("16384x16384");
        assertThat(usedHeap() - heapBefore).as("heap grown while refusing").isLessThan(64L << 20);
    }

    @Test
    void aJpegFrameClaimingMorePixelsThanItsHeaderIsRefusedFromItsSofMarkerNotDecoded() throws Exception {
        Path cine = ImageBombs.dicomJpegCine(tmp, Fixtures.study("SOF"), 2, 32);
        ImageBombs.forgeDicomJpegSize(cine, 16384);

        assertThatThrownBy(() -> DicomFiles.read(cine, 0)).isInstanceOf(BadDicomException.class)
                .hasMessageContaining("JPEG frame is 16384x16384 but the header says 32x32");
    }

    @Test
    void theSameCineWithinTheLimitsDecodes() throws Exception {
        Path cine = ImageBombs.dicomJpegCine(tmp, Fixtures.study("OK"), 8, 32);

        assertThat(DicomFiles.read(cine, 0).frames()).hasSize(8);
        assertThat(DicomFiles.verify(cine, ImageLimits.DEFAULT).sopInstanceUid()).isEqualTo(cine.getFileName().toString().replace(".dcm", ""));
        assertThat(Files.size(cine)).isLessThan(16 * 1024);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
