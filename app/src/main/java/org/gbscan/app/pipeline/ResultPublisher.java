package org.gbscan.app.pipeline;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.ReportStoreException;
import org.gbscan.fhir.store.RevisionSr;
import org.gbscan.reporting.Reporting;
import org.gbscan.reporting.ResultWriter;
import org.gbscan.reporting.Revision;

/**
 * Makes a result durable in both places it is read from: the DICOM outbox (SR + CAM SCs, sent to the
 * PACS in the background) and the report store behind the FHIR API. Both writes are idempotent (UIDs
 * and resource ids derive from the study, model and revision), so a retried study replaces, never
 * duplicates; a new revision gets new DICOM UIDs and updates the FHIR report in place.
 */
public final class ResultPublisher {
    private final Reporting dicomResults;
    private final ReportStore reports;
    private final int camThumbnails;

    public ResultPublisher(Reporting dicomResults, ReportStore reports, int camThumbnails) {
        this.dicomResults = dicomResults;
        this.reports = reports;
        this.camThumbnails = camThumbnails;
    }

    public StudyWork publish(StudyWork work) throws IOException, ReportStoreException {
        StudyResult result = work.result();
        Map<String, PixelSpacing> spacing = new LinkedHashMap<>();
        for (ImageInstance image : work.images()) {
            if (image.spacing() != null) {
                spacing.put(image.ref().sopInstanceUid(), image.spacing());
            }
        }
        reports.requireSamePatient(result.study()); // before anything leaves: never re-file a study under another patient
        // The spool counts deliveries of the study: a study that gained images comes back as the next revision,
        // whose SR and captures get new UIDs (a PACS keeps the first copy of a UID) and name the SR they replace.
        int number = work.revision();
        EvidenceRef previous = reports.srBefore(result.study().studyInstanceUid(), number).orElse(null);
        ResultWriter.Written written = dicomResults.export(result, new Revision(number, previous),
                (InstanceRef ref) -> spacing.get(ref.sopInstanceUid()));
        reports.save(result, camPngs(result), new RevisionSr(number, EvidenceRef.of(written.sr())));
        return work;
    }

    private Map<String, byte[]> camPngs(StudyResult result) {
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (FrameScore frame : result.topFrames(camThumbnails)) {
            if (frame.heatMap() != null) {
                List<String> caption = List.of(String.format(Locale.ROOT, "BA probability %.3f%s", frame.baProbability(),
                        frame.predicted() == Label.BA ? " (BA)" : ""), result.model().displayName());
                pngs.put(frame.frame().key(), CamOverlay.png(frame.frame(), frame.heatMap(), caption));
            }
        }
        return pngs;
    }
}
