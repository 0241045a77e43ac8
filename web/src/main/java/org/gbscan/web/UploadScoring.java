package org.gbscan.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.Images;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.ReportStoreException;
import org.gbscan.inference.FrameScorer;
import org.gbscan.inference.StudyScorer;
import org.gbscan.web.JsonViews.Input;
import org.gbscan.web.JsonViews.Model;
import org.gbscan.web.JsonViews.ScoreResult;
import org.gbscan.web.JsonViews.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload from bytes to answer: decode (as {@code gbscan score} does), score every frame with the
 * shared scorer through inference's {@link StudyScorer} (the study's rule: mean BA probability, label at
 * the model's threshold), and draw the Grad-CAM overlay of the highest-scoring frame. An upload whose
 * every frame the model's quality gate refused is answered 422 with the reason. Blocking: runs on the
 * scoring worker pool.
 */
final class UploadScoring {
    private static final Logger LOG = LoggerFactory.getLogger(UploadScoring.class);
    private static final int STORED_THUMBNAIL_SIDE = 320;

    private final StudyScorer studyScorer;
    private final ModelInfo model;
    private final ReportStore store;
    private final WebSettings settings;
    private final UploadDecoder decoder;

    UploadScoring(FrameScorer scorer, ModelInfo model, ReportStore store, WebSettings settings) {
        this.studyScorer = new StudyScorer(scorer, model);
        this.model = model;
        this.store = store;
        this.settings = settings;
        this.decoder = new UploadDecoder(settings);
    }

    ScoreResult score(Upload upload) throws ReportStoreException {
        long start = System.nanoTime();
        ImageInstance image = decoder.decode(upload);
        long decoded = System.nanoTime();
        StudyResult result = studyScorer.score(image.ref().study(), List.of(image));
        long scored = System.nanoTime();
        if (!result.isAssessable()) {
            // nothing is stored either: there is no score to keep
            LOG.info("refused an upload: all {} frame(s) {} ({} ms)", image.frames().size(),
                    result.refusal().reason().code(), ms(scored - start));
            throw ApiException.notAssessable(upload.displayName(), result.refusal());
        }

        double probability = result.baProbability();
        Label label = result.label();
        FrameScore top = result.topFrames(1).get(0);
        String overlay = top.heatMap() == null ? null
                : Pictures.dataUri("image/png", overlayPng(top, probability, label, settings.overlaySide()));
        FileKind kind = FileKind.of(upload.bytes());
        boolean dicom = kind != FileKind.JPEG && kind != FileKind.PNG;
        // A browser shows a JPEG or PNG itself; a DICOM frame it cannot, so that one is sent back.
        String preview = !dicom ? null : Pictures.dataUri("image/jpeg",
                Pictures.jpeg(Pictures.fit(Images.toImage(top.frame()), settings.overlaySide()), 0.85f));
        long rendered = System.nanoTime();

        String reportId = settings.storeScores() ? store(result, top) : null;
        Input input = new Input(dicom ? "dicom" : "photo", top.frame().width(), top.frame().height(),
                image.frames().size(), image.totalFrames());
        Timing timing = new Timing(ms(decoded - start), ms(scored - decoded), ms(rendered - scored),
                ms(System.nanoTime() - start));
        LOG.info("scored an upload: {} frame(s), p={}, {} in {} ms (decode {}, score {}, render {}){}",
                image.frames().size(), String.format(Locale.ROOT, "%.3f", probability), label, timing.totalMs(),
                timing.decodeMs(), timing.scoreMs(), timing.renderMs(),
                reportId == null ? " (not stored)" : " (stored as " + reportId + ")");
        return new ScoreResult(probability, label.name(), label.description(), model.threshold(), Model.of(model),
                timing, input, overlay, preview, CamOverlay.DISCLAIMER, reportId);
    }

    /** The overlay drawn at the size the page shows, so a 12-megapixel photo costs no more than a small one. */
    private byte[] overlayPng(FrameScore top, double probability, Label label, int side) {
        var frame = Pictures.shrink(top.frame(), side);
        var heat = Pictures.resample(top.heatMap(), frame.width(), frame.height());
        List<String> caption = List.of(
                String.format(Locale.ROOT, "BA probability %.1f %% - %s", probability * 100, label.description()),
                model.displayName());
        return Pictures.png(CamOverlay.render(frame, heat, caption));
    }

    /** Only with web.storeScores on: the upload becomes a study in the report store, with its CAM thumbnail. */
    private String store(StudyResult result, FrameScore top) throws ReportStoreException {
        Map<String, byte[]> cams = top.heatMap() == null ? Map.of()
                : Map.of(top.frame().key(), overlayPng(top, result.baProbability(), result.label(), STORED_THUMBNAIL_SIDE));
        return store.save(result, cams);
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
