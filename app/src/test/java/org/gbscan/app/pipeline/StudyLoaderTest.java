package org.gbscan.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.dicom.ImageLimits;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.handoff.StudyParcel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyLoaderTest {
    /** One 64 x 48 grey frame. */
    private static final long INSTANCE_BYTES = 64 * 48;

    @TempDir
    Path dir;

    private static ImageLimits studyBudget(long bytes) {
        return new ImageLimits(4096, 4096, 3600, bytes, 32);
    }

    private static StudyWork arrived(List<Path> files) {
        return StudyWork.arrived(new StudyParcel("1.2.3", 1, files, 1));
    }

    @Test
    void aStudyWhoseInstancesEachPassTheCapsButTogetherExceedItKeepsOnlyWhatFits() throws Exception {
        List<Path> files = TestStudies.write(dir, Fixtures.study("MANY"), 5, 64, 48);

        StudyWork loaded = new StudyLoader(8, studyBudget(3 * INSTANCE_BYTES)).load(arrived(files));

        assertThat(loaded.images()).hasSize(3);
        assertThat(loaded.skippedFiles()).isEqualTo(2);
        long kept = loaded.images().stream().map(ImageInstance::frames).flatMap(List::stream)
                .mapToLong(f -> f.pixels().length).sum();
        assertThat(kept).isLessThanOrEqualTo(3 * INSTANCE_BYTES);
    }

    @Test
    void aStudyWithinTheBudgetKeepsEveryInstance() throws Exception {
        List<Path> files = TestStudies.write(dir, Fixtures.study("FEW"), 5, 64, 48);

        StudyWork loaded = new StudyLoader(8, studyBudget(5 * INSTANCE_BYTES)).load(arrived(files));

        assertThat(loaded.images()).hasSize(5);
        assertThat(loaded.skippedFiles()).isZero();
    }

    @Test
    void aStudyWithNothingReadableIsUnusable() throws Exception {
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.dcm"), "not DICOM");

        assertThatThrownBy(() -> new StudyLoader(8, ImageLimits.DEFAULT).load(arrived(List.of(junk))))
                .isInstanceOf(UnusableStudyException.class).hasMessageContaining("no scorable image");
    }
}
