package org.gbscan.listener;

import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditRecord;
import org.gbscan.core.audit.AuditSink;
import org.gbscan.core.dicom.net.ScpObserver;
import org.gbscan.core.dicom.net.StoreStatus;

/** The listener's metrics, plus one audit record per association attempt (accepted or refused). */
final class AuditedObserver implements ScpObserver {
    private final ScpObserver metrics;
    private final AuditSink audit;
    private final String calledAe;

    AuditedObserver(ScpObserver metrics, AuditSink audit, String calledAe) {
        this.metrics = metrics;
        this.audit = audit;
        this.calledAe = calledAe;
    }

    @Override
    public void associationAccepted(String callingAe) {
        metrics.associationAccepted(callingAe);
    }

    @Override
    public void associationRejected(String callingAe, String reason) {
        metrics.associationRejected(callingAe, reason);
    }

    @Override
    public void associationEnded(String callingAe, String reason) {
        metrics.associationEnded(callingAe, reason);
    }

    @Override
    public void connectionDropped(String reason) {
        metrics.connectionDropped(reason);
    }

    @Override
    public void associationDecided(String callingAe, String peerAddress, boolean accepted, String reason) {
        audit.record(AuditRecord.now(AuditKind.DICOM_ASSOCIATION, accepted, callingAe, peerAddress,
                "association to " + calledAe, accepted ? "accepted" : "refused: " + reason));
    }

    @Override
    public void instanceStored(String callingAe, long bytes) {
        metrics.instanceStored(callingAe, bytes);
    }

    @Override
    public void instanceRefused(String callingAe, StoreStatus status) {
        metrics.instanceRefused(callingAe, status);
    }
}
