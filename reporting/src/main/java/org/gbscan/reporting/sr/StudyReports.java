package org.gbscan.reporting.sr;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.reporting.Revision;
import org.gbscan.reporting.sr.Tid1500Report.MeasurementGroup;
import org.gbscan.reporting.sr.Tid1500Report.SourceImage;

/**
 * Turns a {@link StudyResult} into gbscan's TID 1500 report (IHE AIR style): one measurement group for
 * the study (finding, coded evaluation, mean BA probability, CAM images) and one per scored frame
 * (the frame's probability, inferred from that frame); frames the quality gate refused are counted in
 * a comment, and a study it refused outright is reported as not assessable, without a number. UIDs are derived from the study, the
 * model and the {@link Revision}, so a retry replaces the report and a re-scoring adds one that names its predecessor.
 */
public final class StudyReports {
    /** Series number of gbscan's SR series; high so that it sorts after the modality's own series. */
    public static final int SERIES_NUMBER = 9901;

    private final String deviceSerialNumber;

    /** @param deviceSerialNumber identifies this installation in the device observer context (TID 1004) */
    public StudyReports(String deviceSerialNumber) {
        this.deviceSerialNumber = Objects.requireNonNull(deviceSerialNumber);
    }

    /** The SR's identity of a first scoring: derived, so a retry produces the same instance. */
    public static InstanceRef srRef(StudyResult result) {
        return srRef(result, Revision.FIRST);
    }

    /**
     * The SR's identity: derived from study, model and revision, so a retry of a revision produces the same
     * instance and a new revision a new one (in the same series; its Instance Number is the revision).
     */
    public static InstanceRef srRef(StudyResult result, Revision revision) {
        String study = result.study().studyInstanceUid();
        ModelInfo m = result.model();
        return new InstanceRef(result.study(), Uids.derive(study, m.name(), m.version(), "sr-series"),
                Uids.derive(revision.uidParts(study, m.name(), m.version(), "sr")), SopClass.COMPREHENSIVE_SR.uid(), "SR",
                SERIES_NUMBER, revision.number());
    }

    /**
     * A study the gate refused outright gets a report too, so the PACS shows that gbscan looked and why it
     * gave no answer: no measurement, no BA finding (see {@link #notAssessable}).
     *
     * @param camImages the CAM Secondary Captures written for this result (may be empty)
     */
    public SrDocument build(StudyResult result, List<InstanceRef> camImages) {
        return build(result, camImages, Revision.FIRST);
    }

    /** A report of the given revision; a re-scoring lists the SR it replaces as its predecessor. */
    public SrDocument build(StudyResult result, List<InstanceRef> camImages, Revision revision) {
        ModelInfo model = result.model();
        InstanceRef ref = srRef(result, revision);

        Tid1500Report report = Tid1500Report.imagingMeasurementReport()
                .languageOfContentItemAndDescendants(ReportCodes.ENGLISH)
                .deviceObserverContext(new Tid1500Report.DeviceObserver(
                        Uids.derive("gbscan", "device", model.name(), model.version(), deviceSerialNumber),
                        "gbscan " + model.displayName(), "gbscan", model.name(), deviceSerialNumber))
                .procedureReported(ReportCodes.IMAGING_PROCEDURE);
        List<InstanceRef> sources = sources(result);
        for (InstanceRef s : sources) {
            report.imageLibraryEntry(s.sopClassUid(), s.sopInstanceUid());
        }
        if (result.isAssessable()) {
            measured(report, result, camImages);
        } else {
            notAssessable(report, result);
        }

        return new SrDocument(ref, new ImageSpec.Equipment("gbscan", model.name(), model.version(), ""),
                "gbscan AI result " + model.displayName(), true,
                result.scoredAt().atZone(ZoneId.systemDefault()).toLocalDateTime(), report.build(),
                sources.stream().map(EvidenceRef::of).toList(), camImages.stream().map(EvidenceRef::of).toList(),
                List.of(ReportCodes.GBSCAN_SCHEME), revision.previous().stream().toList());
    }

    /** The study group (finding, mean probability, CAM images), the BA evaluation, one group per scored frame. */
    private static void measured(Tid1500Report report, StudyResult result, List<InstanceRef> camImages) {
        ModelInfo model = result.model();
        String study = result.study().studyInstanceUid();
        MeasurementGroup studyGroup = MeasurementGroup
                .trackingIdentifier("Study BA assessment", Uids.derive(study, model.name(), model.version(), "tracking", "study"))
                .finding(ReportCodes.BILIARY_ATRESIA)
                .findingSite(ReportCodes.GALLBLADDER)
                .algorithmIdentification(model.name(), model.version(), algorithmParameters(model))
                .measurement(ReportCodes.BA_PROBABILITY, result.baProbability(), ReportCodes.PROBABILITY_UNIT,
                        ReportCodes.MEAN, List.of());
        for (InstanceRef cam : camImages) {
            studyGroup.image(ReportCodes.ILLUSTRATION_OF_ROI, cam.sopClassUid(), cam.sopInstanceUid());
        }
        report.measurementGroup(studyGroup);

        report.qualitativeEvaluation(ReportCodes.BILIARY_ATRESIA, finding(result.label()));
        List<FrameScore> refused = result.frames().stream().filter(FrameScore::isRefused).toList();
        if (!refused.isEmpty()) {
            report.qualitativeEvaluationText(ReportCodes.COMMENT, refusedFramesNote(refused, result.frames().size()));
        }
        for (FrameScore f : result.scoredFrames()) {
            InstanceRef src = f.frame().source();
            report.measurementGroup(MeasurementGroup
                    .trackingIdentifier("Frame " + (f.frame().index() + 1) + " of image " + src.instanceNumber(),
                            Uids.derive(study, model.name(), model.version(), "tracking", f.frame().key()))
                    .finding(ReportCodes.BILIARY_ATRESIA)
                    .findingSite(ReportCodes.GALLBLADDER)
                    .algorithmIdentification(model.name(), model.version(), List.of())
                    .measurement(ReportCodes.BA_PROBABILITY, f.baProbability(), ReportCodes.PROBABILITY_UNIT, null,
                            List.of(new SourceImage(src.sopClassUid(), src.sopInstanceUid(), frameNumber(f)))));
        }
    }

    /**
     * Nothing was measured: the study's group names the algorithm but holds no finding and no measurement
     * (TID 1501 needs neither), and the qualitative evaluations say BA "Undetermined", the images unusable,
     * the gate's coded reason and its words. (TID 1500 also allows TID 4019 under "Qualitative
     * Evaluations", but PixelMed's validator reads those TEXT items as row 14 and rejects them.)
     */
    private static void notAssessable(Tid1500Report report, StudyResult result) {
        ModelInfo model = result.model();
        Refusal refusal = result.refusal();
        report.measurementGroup(MeasurementGroup
                .trackingIdentifier("Study BA assessment", Uids.derive(result.study().studyInstanceUid(),
                        model.name(), model.version(), "tracking", "study"))
                .findingSite(ReportCodes.GALLBLADDER)
                .algorithmIdentification(model.name(), model.version(), algorithmParameters(model)));
        report.qualitativeEvaluation(ReportCodes.BILIARY_ATRESIA, ReportCodes.UNDETERMINED)
                .qualitativeEvaluation(ReportCodes.QUALITY_ASSESSMENT, ReportCodes.UNUSABLE)
                .qualitativeEvaluation(ReportCodes.QUALITY_FINDING, ReportCodes.refusalReason(refusal.reason()))
                .qualitativeEvaluationText(ReportCodes.COMMENT, "Study " + refusal.message() + ". All "
                        + result.frames().size() + " frames were refused; no probability of biliary atresia was computed.");
    }

    /** "1 of 3 frames not assessable, not included in the mean: blank or nearly uniform image". */
    private static String refusedFramesNote(List<FrameScore> refused, int frames) {
        String reasons = refused.stream().map(f -> f.refusal().reason().text()).distinct()
                .collect(java.util.stream.Collectors.joining("; "));
        return refused.size() + " of " + frames + " frames not assessable, not included in the mean: " + reasons;
    }

    /**
     * The study-level BA probability written by {@link #build}: the probability measurement derived as the
     * mean over frames. Empty when the document is not one of ours.
     */
    public static java.util.OptionalDouble studyProbability(SrDocument document) {
        return studyProbability(document.root());
    }

    private static java.util.OptionalDouble studyProbability(org.gbscan.core.dicom.sr.ContentItem item) {
        if (item instanceof org.gbscan.core.dicom.sr.ContentItem.Num num && num.conceptName().sameConceptAs(ReportCodes.BA_PROBABILITY)
                && num.children().stream().anyMatch(c -> c instanceof org.gbscan.core.dicom.sr.ContentItem.CodeItem code
                        && code.value().sameConceptAs(ReportCodes.MEAN))) {
            return java.util.OptionalDouble.of(num.value());
        }
        for (org.gbscan.core.dicom.sr.ContentItem child : item.children()) {
            java.util.OptionalDouble found = studyProbability(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.OptionalDouble.empty();
    }

    /** The coded answer to "biliary atresia?": suspected at or above the model's threshold. */
    public static org.gbscan.core.dicom.sr.Code finding(Label label) {
        return label == Label.BA ? ReportCodes.SUSPECTED : ReportCodes.NOT_SUSPECTED;
    }

    /** Every source instance: the declared sources plus any frame's instance, once each, in order. */
    static List<InstanceRef> sources(StudyResult result) {
        Map<String, InstanceRef> bySop = new LinkedHashMap<>();
        result.sources().forEach(s -> bySop.putIfAbsent(s.sopInstanceUid(), s));
        result.frames().forEach(f -> bySop.putIfAbsent(f.frame().source().sopInstanceUid(), f.frame().source()));
        return new ArrayList<>(bySop.values());
    }

    /** Referenced Frame Number is one-based and only meaningful for multi-frame images. */
    static int frameNumber(FrameScore f) {
        boolean multiFrame = SopClass.ofUid(f.frame().source().sopClassUid()).orElse(null) == SopClass.US_MULTIFRAME_IMAGE;
        return multiFrame || f.frame().index() > 0 ? f.frame().index() + 1 : 0;
    }

    private static List<String> algorithmParameters(ModelInfo model) {
        return List.of("architecture=" + model.architecture(),
                String.format(Locale.ROOT, "threshold=%.4f", model.threshold()),
                "study score=mean of frame probabilities");
    }
}
