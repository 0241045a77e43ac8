package org.gbscan.reporting.sr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.sr.ContentItem;
import org.gbscan.core.dicom.sr.ContentItem.CodeItem;
import org.gbscan.core.dicom.sr.ContentItem.Container;
import org.gbscan.core.dicom.sr.ContentItem.ImageRef;
import org.gbscan.core.dicom.sr.ContentItem.Num;
import org.gbscan.core.dicom.sr.ContentItem.Text;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.core.dicom.sr.SrReader;
import org.gbscan.core.dicom.sr.SrWriter;
import org.gbscan.core.testing.Dciodvfy;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.reporting.Revision;
import org.gbscan.reporting.cam.CamCaptures;
import org.gbscan.reporting.testing.SrTools;
import org.gbscan.reporting.testing.StudyResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportsTest {
    private final StudyReports reports = new StudyReports("test-station");

    @TempDir
    Path dir;

    @Test
    void writesTid1500ReportThatDciodvfyDsrdumpAndPixelMedsTemplateValidatorAccept() throws Exception {
        StudyResult result = StudyResults.of(0.91, 0.84, 0.40);
        Path file = writeWithCams(result);

        Dciodvfy.Result check = Dciodvfy.check(file);
        assertThat(check.errors()).as(check.output()).isEmpty();
        assertThat(check.output()).contains("ComprehensiveSR");
        assertThat(SrTools.dsrdumpProblems(file)).isEmpty();
        String pixelmed = SrTools.pixelmedValidator(file);
        assertThat(pixelmed).contains("Found Root Template TID_1500").contains("IOD validation complete")
                .doesNotContain("Error").doesNotContain("Warning");
    }

    @Test
    void readsBackTheFindingTheExactProbabilitiesAndAReferenceToEverySourceAndCamImage() throws Exception {
        StudyResult result = StudyResults.of(0.91, 0.84, 0.40);
        List<InstanceRef> cams = CamCaptures.build(result, 3, r -> null).stream().map(CamCaptures.CamCapture::ref).toList();
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, cams), file);

        SrDocument sr = SrReader.read(file);
        assertThat(sr.ref().study()).isEqualTo(result.study());
        assertThat(sr.ref().seriesInstanceUid()).isNotIn(result.sources().stream().map(InstanceRef::seriesInstanceUid).toList());
        assertThat(sr.root().conceptName()).isEqualTo(ReportCodes.IMAGING_MEASUREMENT_REPORT);
        assertThat(sr.root().templateId()).isEqualTo("1500");

        CodeItem finding = (CodeItem) only(items(sr.root()).filter(i -> i instanceof CodeItem c
                && c.conceptName().sameConceptAs(ReportCodes.BILIARY_ATRESIA)));
        assertThat(finding.value()).isEqualTo(ReportCodes.SUSPECTED);

        List<Num> probabilities = items(sr.root()).filter(i -> i instanceof Num n
                && n.conceptName().sameConceptAs(ReportCodes.BA_PROBABILITY)).map(Num.class::cast).toList();
        assertThat(probabilities).hasSize(1 + result.frames().size());
        assertThat(probabilities.get(0).value()).isEqualTo(result.baProbability());
        assertThat(StudyReports.studyProbability(sr)).hasValue(result.baProbability());
        assertThat(probabilities.get(0).unit()).isEqualTo(ReportCodes.PROBABILITY_UNIT);
        for (int i = 0; i < result.frames().size(); i++) {
            FrameScore f = result.frames().get(i);
            Num n = probabilities.get(i + 1);
            assertThat(n.value()).isEqualTo(f.baProbability());
            assertThat(n.children()).singleElement().isInstanceOfSatisfying(ImageRef.class, ref -> {
                assertThat(ref.sopInstanceUid()).isEqualTo(f.frame().source().sopInstanceUid());
                assertThat(ref.conceptName()).isEqualTo(ReportCodes.SOURCE_OF_MEASUREMENT);
            });
        }

        List<String> sourceUids = result.sources().stream().map(InstanceRef::sopInstanceUid).toList();
        assertThat(sr.currentEvidence()).extracting(EvidenceRef::sopInstanceUid).containsExactlyElementsOf(sourceUids);
        assertThat(sr.otherEvidence()).extracting(EvidenceRef::sopInstanceUid)
                .containsExactlyElementsOf(cams.stream().map(InstanceRef::sopInstanceUid).toList());
        List<ImageRef> images = items(sr.root()).filter(ImageRef.class::isInstance).map(ImageRef.class::cast).toList();
        assertThat(images.stream().filter(i -> i.conceptName() == null).map(ImageRef::sopInstanceUid))
                .as("image library").containsExactlyElementsOf(sourceUids);
        assertThat(images.stream().filter(i -> ReportCodes.ILLUSTRATION_OF_ROI.equals(i.conceptName())))
                .extracting(ImageRef::sopClassUid, ImageRef::sopInstanceUid)
                .containsExactlyElementsOf(cams.stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.sopClassUid(), c.sopInstanceUid())).toList());

        assertThat(texts(sr.root(), ReportCodes.ALGORITHM_NAME)).containsOnly(StudyResults.MODEL.name());
        assertThat(texts(sr.root(), ReportCodes.ALGORITHM_VERSION)).containsOnly(StudyResults.MODEL.version());
        assertThat(texts(sr.root(), ReportCodes.DEVICE_OBSERVER_MANUFACTURER)).containsExactly("gbscan");
        assertThat(items(sr.root()).filter(i -> i instanceof CodeItem c && c.conceptName().equals(ReportCodes.PROCEDURE_REPORTED))
                .map(i -> ((CodeItem) i).value())).containsExactly(ReportCodes.IMAGING_PROCEDURE);
        assertThat(sr.privateSchemes()).containsExactly(ReportCodes.GBSCAN_SCHEME);
    }

    @Test
    void saysNotSuspectedWhenTheStudyProbabilityIsBelowTheModelThreshold() throws Exception {
        StudyResult result = StudyResults.of(0.10, 0.30);
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, List.of()), file);

        SrDocument sr = SrReader.read(file);
        assertThat(items(sr.root()).filter(i -> i instanceof CodeItem c && c.conceptName().sameConceptAs(ReportCodes.BILIARY_ATRESIA))
                .map(i -> ((CodeItem) i).value())).containsExactly(ReportCodes.NOT_SUSPECTED);
        assertThat(Dciodvfy.check(file).errors()).isEmpty();
        assertThat(SrTools.dsrdumpProblems(file)).isEmpty();
    }

    @Test
    void referencesEachScoredFrameOfACineLoopByItsOneBasedFrameNumber() throws Exception {
        StudyResult result = StudyResults.cine(Fixtures.study("CINE"), 0.2, 0.7, 0.9);
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, List.of()), file);

        List<ImageRef> sources = items(SrReader.read(file).root()).filter(i -> i instanceof ImageRef r
                && ReportCodes.SOURCE_OF_MEASUREMENT.equals(r.conceptName())).map(ImageRef.class::cast).toList();
        assertThat(sources).extracting(ImageRef::frameNumber).containsExactly(1, 2, 3);
        assertThat(sources).extracting(ImageRef::sopClassUid).containsOnly(SopClass.US_MULTIFRAME_IMAGE.uid());
        assertThat(Dciodvfy.check(file).errors()).isEmpty();
    }

    @Test
    void reportsARefusedStudyAsNotAssessableWithoutAProbabilityAndDciodvfyDsrdumpAndPixelMedAcceptIt() throws Exception {
        Refusal refusal = new Refusal(Refusal.Reason.SCREENSHOT, "flat background 71% of the image");
        StudyResult result = StudyResults.notAssessable(Fixtures.study("REFUSED"), refusal, 2);
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, CamCaptures.build(result, 3, r -> null).stream()
                .map(CamCaptures.CamCapture::ref).toList()), file);

        Dciodvfy.Result check = Dciodvfy.check(file);
        assertThat(check.errors()).as(check.output()).isEmpty();
        assertThat(SrTools.dsrdumpProblems(file)).isEmpty();
        assertThat(SrTools.pixelmedValidator(file)).contains("Found Root Template TID_1500").contains("IOD validation complete")
                .doesNotContain("Error").doesNotContain("Warning");

        SrDocument sr = SrReader.read(file);
        assertThat(items(sr.root()).filter(Num.class::isInstance)).as("numeric items").isEmpty();
        assertThat(StudyReports.studyProbability(sr)).isEmpty();
        assertThat(items(sr.root()).filter(i -> i instanceof ImageRef r && ReportCodes.ILLUSTRATION_OF_ROI.equals(r.conceptName())))
                .as("CAM images").isEmpty();
        assertThat(sr.otherEvidence()).isEmpty();
        assertThat(items(sr.root()).filter(i -> i instanceof Container c && c.conceptName().equals(ReportCodes.MEASUREMENT_GROUP)))
                .as("measurement groups").singleElement()
                .satisfies(group -> assertThat(group.children()).extracting(ContentItem::conceptName)
                        .contains(ReportCodes.TRACKING_IDENTIFIER, ReportCodes.ALGORITHM_NAME, ReportCodes.ALGORITHM_VERSION)
                        .doesNotContain(ReportCodes.FINDING, ReportCodes.BA_PROBABILITY));
        assertThat(codeValues(sr.root(), ReportCodes.BILIARY_ATRESIA)).containsExactly(ReportCodes.UNDETERMINED);
        assertThat(codeValues(sr.root(), ReportCodes.QUALITY_ASSESSMENT)).containsExactly(ReportCodes.UNUSABLE);
        assertThat(codeValues(sr.root(), ReportCodes.QUALITY_FINDING))
                .containsExactly(ReportCodes.refusalReason(Refusal.Reason.SCREENSHOT));
        assertThat(texts(sr.root(), ReportCodes.COMMENT)).singleElement().asString()
                .contains("not assessable").contains(Refusal.Reason.SCREENSHOT.text()).contains("flat background 71%");
        assertThat(texts(sr.root(), ReportCodes.ALGORITHM_NAME)).containsExactly(StudyResults.MODEL.name());
        assertThat(sr.currentEvidence()).extracting(EvidenceRef::sopInstanceUid)
                .containsExactlyElementsOf(result.sources().stream().map(InstanceRef::sopInstanceUid).toList());
    }

    @Test
    void everyRefusalReasonHasAPrivateCodeThatFitsTheCodeSequenceMacro() {
        assertThat(java.util.Arrays.stream(Refusal.Reason.values()).map(ReportCodes::refusalReason))
                .allSatisfy(code -> assertThat(code.scheme()).isEqualTo(ReportCodes.GBSCAN_SCHEME.designator()))
                .extracting(org.gbscan.core.dicom.sr.Code::value).doesNotHaveDuplicates();
    }

    @Test
    void measuresOnlyTheScoredFramesOfAPartlyRefusedStudyAndSaysHowManyWereRefused() throws Exception {
        StudyResult result = StudyResults.partlyRefused(Fixtures.study("PARTLY"), new Refusal(Refusal.Reason.BLANK, ""),
                0.8, Double.NaN, 0.6);
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, List.of()), file);

        assertThat(Dciodvfy.check(file).errors()).isEmpty();
        SrDocument sr = SrReader.read(file);
        List<Num> probabilities = items(sr.root()).filter(i -> i instanceof Num n
                && n.conceptName().sameConceptAs(ReportCodes.BA_PROBABILITY)).map(Num.class::cast).toList();
        assertThat(probabilities).extracting(Num::value).containsExactly(result.baProbability(), 0.8, 0.6);
        assertThat(StudyReports.studyProbability(sr)).hasValue(0.7);
        assertThat(codeValues(sr.root(), ReportCodes.BILIARY_ATRESIA)).containsExactly(ReportCodes.SUSPECTED);
        assertThat(texts(sr.root(), ReportCodes.COMMENT)).containsExactly(
                "1 of 3 frames not assessable, not included in the mean: " + Refusal.Reason.BLANK.text());
    }

    @Test
    void derivesTheSameUidsForTheSameStudyAndModelSoARetryReplacesTheReport() {
        StudyResult result = StudyResults.of(0.6);
        StudyResult again = StudyResults.of(result.study(), 0.6);
        StudyResult otherModel = new StudyResult(result.study(), result.sources(), result.frames(), result.baProbability(),
                result.label(), new org.gbscan.core.ModelInfo("gbscan-resnet18", "1.3.0", "resnet18", 0.5), result.scoredAt());

        assertThat(StudyReports.srRef(again)).isEqualTo(StudyReports.srRef(result));
        assertThat(StudyReports.srRef(otherModel).sopInstanceUid()).isNotEqualTo(StudyReports.srRef(result).sopInstanceUid());
        assertThat(Uids.isValid(StudyReports.srRef(result).sopInstanceUid())).isTrue();
    }

    /**
     * Issue 16: a study that gained an image was re-scored with the SR's and captures' old SOP Instance UIDs,
     * so a PACS that keeps the first copy of an instance (OverwriteInstances false) went on showing the old result.
     */
    @Test
    void aRescoredRevisionGetsNewUidsAndNamesTheSrItReplacesAsPredecessor() throws Exception {
        StudyResult first = StudyResults.of(0.91, 0.84);
        StudyResult second = StudyResults.of(first.study(), 0.91, 0.84, 0.20); // the study gained a third image
        List<CamCaptures.CamCapture> firstCams = CamCaptures.build(first, 3, r -> null);
        List<CamCaptures.CamCapture> secondCams = CamCaptures.build(second, 3, r -> null, new Revision(2, null));
        InstanceRef firstSr = StudyReports.srRef(first, Revision.FIRST);

        Revision revision2 = new Revision(2, EvidenceRef.of(firstSr));
        Path file = dir.resolve("sr-2.dcm");
        SrWriter.write(reports.build(second, secondCams.stream().map(CamCaptures.CamCapture::ref).toList(), revision2), file);
        for (CamCaptures.CamCapture c : secondCams) {
            DicomFiles.write(c.spec(), dir.resolve("cam-" + c.ref().instanceNumber() + ".dcm"));
        }

        SrDocument sr = SrReader.read(file);
        assertThat(sr.ref().sopInstanceUid()).isNotEqualTo(firstSr.sopInstanceUid())
                .isEqualTo(StudyReports.srRef(second, revision2).sopInstanceUid()); // a retry of revision 2 gives the same
        assertThat(sr.ref().seriesInstanceUid()).isEqualTo(firstSr.seriesInstanceUid());
        assertThat(sr.ref().instanceNumber()).isEqualTo(2);
        assertThat(sr.predecessors()).containsExactly(EvidenceRef.of(firstSr));
        assertThat(secondCams).extracting(c -> c.ref().sopInstanceUid())
                .doesNotContainAnyElementsOf(firstCams.stream().map(c -> c.ref().sopInstanceUid()).toList());
        assertThat(SrReader.read(writeWithCams(first)).predecessors()).isEmpty();

        Dciodvfy.Result check = Dciodvfy.check(file);
        assertThat(check.errors()).as(check.output()).isEmpty();
        assertThat(SrTools.dsrdumpProblems(file)).isEmpty();
    }

    private Path writeWithCams(StudyResult result) throws Exception {
        List<CamCaptures.CamCapture> cams = CamCaptures.build(result, 3, r -> null);
        for (CamCaptures.CamCapture c : cams) {
            DicomFiles.write(c.spec(), dir.resolve("cam-" + c.ref().instanceNumber() + ".dcm"));
        }
        Path file = dir.resolve("sr.dcm");
        SrWriter.write(reports.build(result, cams.stream().map(CamCaptures.CamCapture::ref).toList()), file);
        return file;
    }

    static Stream<ContentItem> items(ContentItem item) {
        return Stream.concat(Stream.of(item), item.children().stream().flatMap(StudyReportsTest::items));
    }

    private static List<String> texts(Container root, org.gbscan.core.dicom.sr.Code name) {
        return items(root).filter(i -> i instanceof Text t && t.conceptName().equals(name)).map(i -> ((Text) i).value()).toList();
    }

    private static List<org.gbscan.core.dicom.sr.Code> codeValues(Container root, org.gbscan.core.dicom.sr.Code name) {
        return items(root).filter(i -> i instanceof CodeItem c && c.conceptName().sameConceptAs(name))
                .map(i -> ((CodeItem) i).value()).toList();
    }

    private static ContentItem only(Stream<ContentItem> items) {
        List<ContentItem> list = items.toList();
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
