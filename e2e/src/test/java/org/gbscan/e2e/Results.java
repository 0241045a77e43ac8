package org.gbscan.e2e;

import java.util.List;
import org.gbscan.phantom.pacs.OrthancPacs;

/** What the PACS holds for a study after gbscan answered: our SR series and our CAM SC series. */
record Results(int srInstances, int scInstances) {
    static Results in(OrthancPacs pacs, String studyInstanceUid) {
        List<OrthancPacs.Series> series = pacs.series(studyInstanceUid);
        int sr = series.stream().filter(s -> s.modality().equals("SR")).mapToInt(s -> s.instanceIds().size()).sum();
        int sc = series.stream().filter(s -> s.modality().equals("OT")).mapToInt(s -> s.instanceIds().size()).sum();
        return new Results(sr, sc);
    }

    boolean complete() {
        return srInstances > 0 && scInstances > 0;
    }
}
