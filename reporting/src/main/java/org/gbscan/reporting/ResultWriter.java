package org.gbscan.reporting;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.core.dicom.sr.SrWriter;
import org.gbscan.reporting.cam.CamCaptures;
import org.gbscan.reporting.cam.CamCaptures.CamCapture;
import org.gbscan.reporting.outbox.Outbox;
import org.gbscan.reporting.sr.StudyReports;

/**
 * Turns a study result into its DICOM objects (TID 1500 SR + top-k CAM Secondary Captures) and
 * hands them to the outbox, which writes them durably before anything is sent.
 */
public final class ResultWriter {
    private final Outbox outbox;
    private final StudyReports reports;
    private final int camTopK;

    public ResultWriter(Outbox outbox, ReportingSettings settings) {
        this.outbox = outbox;
        this.reports = new StudyReports(settings.deviceSerial());
        this.camTopK = settings.camTopK();
    }

    /** What was queued for a study: the SR and the CAM images, in that order. */
    public record Written(InstanceRef sr, List<InstanceRef> cams) {
        public List<InstanceRef> all() {
            List<InstanceRef> all = new ArrayList<>();
            all.add(sr);
            all.addAll(cams);
            return all;
        }
    }

    /** A first scoring; @param spacing pixel spacing of a source instance when known, else null */
    public Written write(StudyResult result, Function<InstanceRef, PixelSpacing> spacing) throws IOException {
        return write(result, Revision.FIRST, spacing);
    }

    /**
     * The objects of one revision of the study's results; they replace what still waits in the outbox for
     * the study (an older revision not yet delivered is superseded: the PACS gets only the newest).
     *
     * @param spacing pixel spacing of a source instance when known (copied into the CAM images), else null
     */
    public Written write(StudyResult result, Revision revision, Function<InstanceRef, PixelSpacing> spacing)
            throws IOException {
        List<CamCapture> cams = CamCaptures.build(result, camTopK, spacing, revision);
        List<InstanceRef> camRefs = cams.stream().map(CamCapture::ref).toList();
        SrDocument sr = reports.build(result, camRefs, revision);
        Map<String, Outbox.ObjectWriter> objects = new LinkedHashMap<>();
        objects.put("sr-" + sr.ref().sopInstanceUid() + ".dcm", out -> SrWriter.write(sr, out));
        for (CamCapture cam : cams) {
            objects.put("cam-" + cam.ref().sopInstanceUid() + ".dcm", out -> DicomFiles.write(cam.spec(), out));
        }
        outbox.submit(result.study().studyInstanceUid(), objects);
        return new Written(sr.ref(), camRefs);
    }

    public Written write(StudyResult result) throws IOException {
        return write(result, ref -> null);
    }
}
