package org.gbscan.web;

import java.util.List;

/** The JSON bodies of {@code /api}, as records Jackson writes field by field. */
final class JsonViews {
    private JsonViews() {
    }

    record Model(String name, String version, String architecture) {
        static Model of(org.gbscan.core.ModelInfo model) {
            return new Model(model.name(), model.version(), model.architecture());
        }
    }

    /** Server-side milliseconds: decoding the upload, the model (with Grad-CAM), drawing the overlay. */
    record Timing(long decodeMs, long scoreMs, long renderMs, long totalMs) {
    }

    /**
     * @param kind          {@code photo} or {@code dicom}
     * @param framesScored  frames the model saw (a cine loop is sampled)
     * @param framesTotal   frames the file holds
     */
    record Input(String kind, int width, int height, int framesScored, int framesTotal) {
    }

    /**
     * The answer of {@code POST /api/score}.
     *
     * @param probability BA probability (mean over the frames scored, the study's rule)
     * @param camOverlay  the Grad-CAM overlay of the highest-scoring frame, a {@code data:image/png} URI
     * @param preview     for DICOM uploads (which a browser cannot show) that frame as a {@code data:image/jpeg}
     *                    URI; null for photos, which the browser already has
     * @param reportId    the report id when {@code web.storeScores} is on, else null
     */
    record ScoreResult(double probability, String label, String labelText, double threshold, Model model,
                       Timing timing, Input input, String camOverlay, String preview, String disclaimer,
                       String reportId) {
    }

    /**
     * One stored study in the list. A study the quality gate refused has no {@code probability} and no
     * {@code label} (null), its {@code labelText} says "not assessable" and why, and {@code refused} /
     * {@code refusedCode} hold the reason's text and code (both null for an assessed study).
     */
    record StudyItem(String id, String studyDate, String maskedPatientId, Double probability, String label,
                     String labelText, double threshold, Model model, String issued, int frameCount, int camCount,
                     String thumbnail, String diagnosticReport, String refused, String refusedCode) {
    }

    record StudyList(List<StudyItem> studies) {
    }

    /** @param cam URL of the stored CAM thumbnail PNG (bearer token required), or null when none was stored */
    record FrameItem(int rank, int frameIndex, double probability, String cam) {
    }

    record Links(String diagnosticReport, String observation, String device) {
    }

    /** One stored study with its scored frames; not-assessable fields as in {@link StudyItem}. */
    record StudyView(String id, String studyDate, String maskedPatientId, Double probability, String label,
                     String labelText, double threshold, Model model, String issued, int frameCount,
                     List<FrameItem> frames, Links links, String refused, String refusedCode) {
    }
}
