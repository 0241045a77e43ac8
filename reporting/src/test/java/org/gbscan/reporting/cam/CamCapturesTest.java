package org.gbscan.reporting.cam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Label;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.core.testing.Dciodvfy;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.reporting.testing.StudyResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamCapturesTest {
    @TempDir
    Path dir;

    @Test
    void writesOneValidRgbSecondaryCapturePerTopFrameInItsOwnSeriesOfTheSameStudy() throws Exception {
        StudyResult result = StudyResults.of(0.30, 0.95, 0.60, 0.80);
        List<CamCaptures.CamCapture> cams = CamCaptures.build(result, 3, ref -> new PixelSpacing(0.25, 0.3));

        assertThat(cams).extracting(c -> c.score().baProbability()).containsExactly(0.95, 0.80, 0.60);
        for (CamCaptures.CamCapture cam : cams) {
            Path file = dir.resolve(cam.ref().sopInstanceUid() + ".dcm");
            DicomFiles.write(cam.spec(), file);

            Dciodvfy.Result check = Dciodvfy.check(file);
            assertThat(check.errors()).as(check.output()).isEmpty();
            ImageInstance read = DicomFiles.read(file, 0);
            assertThat(read.ref().study()).isEqualTo(result.study());
            assertThat(read.ref().sopClassUid()).isEqualTo(SopClass.SECONDARY_CAPTURE.uid());
            assertThat(read.ref().seriesInstanceUid()).isNotEqualTo(cam.score().frame().source().seriesInstanceUid());
            // a small frame is enlarged in the overlay, and its spacing with it
            int enlarged = CamOverlay.scaleFor(cam.score().frame().width(), cam.score().frame().height());
            PixelSpacing shown = new PixelSpacing(0.25, 0.3).dividedBy(enlarged);
            assertThat(read.spacing().rowMm()).isCloseTo(shown.rowMm(), org.assertj.core.api.Assertions.within(1e-5));
            assertThat(read.spacing().columnMm()).isCloseTo(shown.columnMm(), org.assertj.core.api.Assertions.within(1e-5));
            Frame frame = read.frames().get(0);
            assertThat(frame.format()).isEqualTo(PixelFormat.RGB8);
            assertThat(frame.width()).isGreaterThan(cam.score().frame().width());
            assertThat(frame.height()).isGreaterThan(cam.score().frame().height());

            String dump = Processes.run(List.of("dcmdump", "+P", "0008,2112", "+P", "0008,103e", "+P", "0028,0301",
                    "+P", "0008,0008", "+P", "0008,1155", file.toString())).output();
            assertThat(dump).contains("[gbscan CAM gbscan-resnet18 1.2.0]").contains("[YES]")
                    .contains("DERIVED\\SECONDARY").contains(cam.score().frame().source().sopInstanceUid());
        }
        assertThat(cams).extracting(c -> c.ref().seriesInstanceUid()).containsOnly(cams.get(0).ref().seriesInstanceUid());
    }

    @Test
    void makesNoHeatMapForANotAssessableStudyAndNoneForTheRefusedFramesOfAPartlyRefusedOne() {
        Refusal blank = new Refusal(Refusal.Reason.BLANK, "");
        StudyResult refused = StudyResults.notAssessable(Fixtures.study("NO-CAM"), blank, 3);
        StudyResult partly = StudyResults.partlyRefused(Fixtures.study("SOME-CAM"), blank, Double.NaN, 0.4, Double.NaN);

        assertThat(CamCaptures.build(refused, 3, ref -> null)).isEmpty();
        assertThat(CamCaptures.build(partly, 3, ref -> null)).singleElement()
                .satisfies(cam -> assertThat(cam.score().baProbability()).isEqualTo(0.4));
    }

    @Test
    void blendsTheHeatMapWhereTheModelLookedAndLeavesTheRestCloseToTheFrame() {
        StudyResult result = StudyResults.of(0.9);
        FrameScore score = result.frames().get(0);
        var image = CamOverlay.render(score.frame(), score.heatMap(), List.of("caption"));
        int peak = score.heatMap().argMax();
        int s = CamOverlay.scaleFor(score.frame().width(), score.frame().height());
        int px = peak % score.frame().width(), py = peak / score.frame().width();

        int hot = image.getRGB(px * s, py * s);
        assertThat((hot >> 16) & 0xff).as("red at the heat-map maximum").isGreaterThan(hot & 0xff);
        int corner = image.getRGB(score.frame().width() * s - 1, score.frame().height() * s - 1);
        int grey = score.frame().luminance(score.frame().width() - 1, score.frame().height() - 1);
        assertThat(Math.abs(((corner >> 8) & 0xff) - grey)).as("green channel far from the blob").isLessThan(60);
    }

    @Test
    void honoursTopKAndSkipsFramesWithoutAHeatMap() {
        StudyResult base = StudyResults.of(0.9, 0.8, 0.7);
        FrameScore noCam = new FrameScore(base.frames().get(0).frame(), 0.9, Label.BA, null);
        StudyResult result = new StudyResult(base.study(), base.sources(),
                List.of(noCam, base.frames().get(1), base.frames().get(2)), base.baProbability(), base.label(),
                base.model(), base.scoredAt());

        assertThat(CamCaptures.build(result, 3, r -> null)).extracting(c -> c.score().baProbability()).containsExactly(0.8, 0.7);
        assertThat(CamCaptures.build(result, 1, r -> null)).hasSize(1);
        assertThat(CamCaptures.build(result, 0, r -> null)).isEmpty();
    }

    @Test
    void derivesTheSameInstanceUidsOnARetry() {
        StudyResult result = StudyResults.of(0.9, 0.8);
        StudyResult again = StudyResults.of(result.study(), 0.9, 0.8);
        assertThat(CamCaptures.build(again, 2, r -> null)).extracting(CamCaptures.CamCapture::ref)
                .containsExactlyElementsOf(CamCaptures.build(result, 2, r -> null).stream().map(CamCaptures.CamCapture::ref).toList());
    }
}
