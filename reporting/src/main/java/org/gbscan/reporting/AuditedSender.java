package org.gbscan.reporting;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditRecord;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.reporting.outbox.Sender;

/**
 * The outbox's sender, with one audit record (DICOM Export) per attempt to deliver results to a PACS:
 * which studies, to which AE at which address, how many objects confirmed. Study UIDs only, no pixels.
 */
public final class AuditedSender implements Sender {
    private final Sender delegate;
    private final AuditSink audit;
    private final String callingAe;

    public AuditedSender(Sender delegate, AuditSink audit, String callingAe) {
        this.delegate = delegate;
        this.audit = audit;
        this.callingAe = callingAe;
    }

    @Override
    public List<Path> send(Destination destination, List<Path> files) throws DicomNetException {
        String where = destination.host() + ":" + destination.port();
        String what = "results of study " + String.join(", ", studies(files)) + " to " + destination.aeTitle();
        try {
            List<Path> stored = delegate.send(destination, files);
            boolean all = stored.size() == files.size();
            audit.record(AuditRecord.now(AuditKind.DICOM_EXPORT, all, callingAe, where, what,
                    stored.size() + " of " + files.size() + " objects stored"));
            return stored;
        } catch (DicomNetException | RuntimeException e) {
            audit.record(AuditRecord.now(AuditKind.DICOM_EXPORT, false, callingAe, where, what, "not sent: " + e.getMessage()));
            throw e;
        }
    }

    @Override
    public void release(Destination destination) {
        delegate.release(destination);
    }

    private static Set<String> studies(List<Path> files) {
        Set<String> uids = new LinkedHashSet<>();
        for (Path f : files) {
            try {
                uids.add(DicomFiles.readRef(f).study().studyInstanceUid());
            } catch (BadDicomException | RuntimeException e) {
                uids.add("(unreadable " + f.getFileName() + ")");
            }
        }
        return uids;
    }
}
