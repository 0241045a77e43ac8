package org.gbscan.fhir.store;

import java.util.List;

/** A stored study for the viewer: its summary, its frames, and the FHIR ids to link to. */
public record StudyDetail(StudySummary summary, List<FrameView> frames, String diagnosticReportId,
                          String observationId, String deviceId) {
    public StudyDetail {
        frames = List.copyOf(frames);
    }
}
