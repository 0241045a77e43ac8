package org.gbscan.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.StudyRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Orthanc fixture itself: starts once, takes uploads, answers DICOM echo from DCMTK. */
class OrthancServerTest {
    @TempDir
    Path tmp;

    @Test
    void startsOnceAndStoresWhatIsUploaded() {
        OrthancServer orthanc = OrthancServer.shared();
        assertThat(OrthancServer.shared()).isSameAs(orthanc);
        StudyRef study = Fixtures.study("ORTHANC1");
        List<Path> files = TestStudies.write(tmp, study, 2, 16, 16);

        files.forEach(orthanc::upload);

        assertThat(orthanc.instancesOfStudy(study.studyInstanceUid())).hasSize(2);
        Processes.Result echo = Processes.echoscu("TEST", OrthancServer.AE_TITLE, orthanc.dicomPort());
        assertThat(echo.ok()).as(echo.output()).isTrue();
    }
}
