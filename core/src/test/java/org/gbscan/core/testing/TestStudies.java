package org.gbscan.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Photometric;

/** Writes small ultrasound studies as Part 10 files with core's writer, for network tests and benchmarks. */
public final class TestStudies {
    private TestStudies() {
    }

    /** A study of {@code count} single-frame US images of w x h pixels in {@code dir}, one file per instance. */
    public static List<Path> write(Path dir, StudyRef study, int count, int w, int h) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            InstanceRef ref = Fixtures.instance(study, SopClass.US_IMAGE, i);
            files.add(write(dir, ref, w, h));
        }
        return files;
    }

    public static List<Path> write(Path dir, String patientId, int count) {
        return write(dir, Fixtures.study(patientId), count, 64, 48);
    }

    public static Path write(Path dir, InstanceRef ref, int w, int h) {
        Frame frame = Fixtures.gradient(ref, ref.instanceNumber(), w, h, PixelFormat.GRAY8);
        ImageSpec spec = ImageSpec.original(ref, List.of(frame), Photometric.MONOCHROME2, null,
                new ImageSpec.Equipment("gbscan-test", "phantom", "1", "Test Hospital"), "test series");
        Path file = dir.resolve(ref.sopInstanceUid() + ".dcm");
        try {
            DicomFiles.write(spec, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
