package org.gbscan.reporting.cam;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.dicom.Images;
import org.gbscan.core.dicom.Photometric;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.reporting.Revision;

/**
 * One RGB Secondary Capture per top-scoring frame: the frame with its Grad-CAM blended in, a colour
 * bar, the probabilities, the model and the "not for diagnostic use" label, burned in. Same study as
 * the source, own series; UIDs derived from study, model, frame and revision so a retry replaces them.
 */
public final class CamCaptures {
    /** Series number of the CAM series; after the SR's 9901. */
    public static final int SERIES_NUMBER = 9902;

    private CamCaptures() {
    }

    /** A Secondary Capture ready to write, and the frame score it shows. */
    public record CamCapture(ImageSpec spec, FrameScore score) {
        public InstanceRef ref() {
            return spec.ref();
        }
    }

    /**
     * @param topK    how many frames (the highest BA probabilities that have a heat map)
     * @param spacing pixel spacing of a source instance when known, else null
     */
    public static List<CamCapture> build(StudyResult result, int topK, Function<InstanceRef, PixelSpacing> spacing) {
        return build(result, topK, spacing, Revision.FIRST);
    }

    /** The captures of one revision: a re-scoring gets new SOP Instance UIDs (same series). */
    public static List<CamCapture> build(StudyResult result, int topK, Function<InstanceRef, PixelSpacing> spacing,
                                         Revision revision) {
        ModelInfo model = result.model();
        String study = result.study().studyInstanceUid();
        String series = Uids.derive(study, model.name(), model.version(), "cam-series");
        List<FrameScore> chosen = result.topFrames(result.frames().size()).stream()
                .filter(f -> f.heatMap() != null).limit(Math.max(0, topK)).toList();
        List<CamCapture> captures = new ArrayList<>();
        int rank = 0;
        for (FrameScore score : chosen) {
            rank++;
            InstanceRef source = score.frame().source();
            InstanceRef ref = new InstanceRef(result.study(), series,
                    Uids.derive(revision.uidParts(study, model.name(), model.version(), "cam", score.frame().key())),
                    SopClass.SECONDARY_CAPTURE.uid(), SopClass.SECONDARY_CAPTURE.defaultModality(), SERIES_NUMBER, rank);
            BufferedImage image = CamOverlay.render(score.frame(), score.heatMap(), caption(result, score, rank));
            Frame rgb = new Frame(ref, 0, image.getWidth(), image.getHeight(), PixelFormat.RGB8,
                    Images.toBytes(image, PixelFormat.RGB8));
            // a small frame is enlarged in the overlay: its pixels are that much finer
            int enlarged = CamOverlay.scaleFor(score.frame().width(), score.frame().height());
            PixelSpacing sourceSpacing = spacing.apply(source);
            PixelSpacing shown = sourceSpacing == null || enlarged == 1 ? sourceSpacing : sourceSpacing.dividedBy(enlarged);
            ImageSpec spec = new ImageSpec(ref, List.of(rgb), Photometric.RGB, Encoding.EXPLICIT_VR_LITTLE_ENDIAN,
                    shown, new ImageSpec.Equipment("gbscan", model.name(), model.version(), ""),
                    seriesDescription(model), true, true,
                    "Grad-CAM heat map of " + model.displayName() + " blended over frame " + (score.frame().index() + 1)
                            + " of the source image; colour bar, probabilities and labels burned in",
                    0, List.of(source));
            captures.add(new CamCapture(spec, score));
        }
        return captures;
    }

    /** Series Description (LO, at most 64 characters). */
    static String seriesDescription(ModelInfo model) {
        String s = "gbscan CAM " + model.displayName();
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    private static List<String> caption(StudyResult result, FrameScore score, int rank) {
        String verdict = result.label() == Label.BA ? "biliary atresia suspected" : "biliary atresia not suspected";
        return List.of(
                String.format(Locale.ROOT, "BA probability: frame %.3f (rank %d), study %.3f - %s",
                        score.baProbability(), rank, result.baProbability(), verdict),
                "Model: " + result.model().displayName() + " (Grad-CAM)");
    }
}
