package org.gbscan.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.core.dicom.sr.SrDocument;
import org.gbscan.core.dicom.sr.SrReader;
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

    /** Every SR of ours the PACS holds for the study, read back. */
    static List<SrDocument> srs(OrthancPacs pacs, String studyUid) throws Exception {
        List<SrDocument> srs = new ArrayList<>();
        for (OrthancPacs.Series s : pacs.series(studyUid)) {
            if (s.modality().equals("SR")) {
                for (String id : s.instanceIds()) {
                    Path file = Files.write(Files.createTempFile("sr", ".dcm"), pacs.file(id));
                    srs.add(SrReader.read(file));
                    Files.delete(file);
                }
            }
        }
        return srs;
    }

    /** The SR no other SR names as its predecessor: the study's current result. */
    static List<SrDocument> latest(List<SrDocument> srs) {
        return srs.stream().filter(sr -> srs.stream().noneMatch(o -> o.predecessors().contains(EvidenceRef.of(sr.ref())))).toList();
    }
}
