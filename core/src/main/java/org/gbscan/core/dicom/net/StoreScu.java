package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContextListFactory;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C-STORE SCU: sends a list of Part 10 files in ONE association and reports each instance. Uses PixelMed's
 * multi-file sender, the one that reports failed stores (its single-file constructor does not), over an
 * association we open ourselves so the socket gets TCP_NODELAY.
 */
public final class StoreScu {
    private final String callingAe;

    public StoreScu(String callingAe) {
        this.callingAe = AeTitles.requireValid(callingAe, "calling AE title");
    }

    /**
     * @throws DicomNetException when no association could be made (nothing was stored); unreadable files are
     *                           reported as failed without being sent
     */
    public SendResult send(Destination dest, List<Path> files) throws DicomNetException {
        Map<String, Path> byName = new LinkedHashMap<>();
        Map<String, String> sopOf = new ConcurrentHashMap<>();
        List<SendResult.Failed> failed = new ArrayList<>();
        SetOfDicomFiles set = new SetOfDicomFiles();
        for (Path f : files) {
            String name = f.toAbsolutePath().toString();
            SetOfDicomFiles.DicomFile added = null;
            try {
                added = set.add(name);
            } catch (RuntimeException e) {
                failed.add(new SendResult.Failed(f, "", "not sent: unreadable file (" + e.getClass().getSimpleName() + ")"));
                continue;
            }
            if (added == null || added.getSOPInstanceUID() == null || added.getSOPClassUID() == null
                    || added.getTransferSyntaxUID() == null) {
                set.remove(added);
                failed.add(new SendResult.Failed(f, "", "not sent: not a DICOM Part 10 file with SOP class, instance and transfer syntax"));
                continue;
            }
            byName.put(name, f);
            sopOf.put(name, added.getSOPInstanceUID());
        }
        List<SendResult.Sent> stored = new ArrayList<>();
        if (byName.isEmpty()) {
            return new SendResult(dest, stored, failed);
        }
        Map<String, Boolean> outcome = new ConcurrentHashMap<>();
        MultipleInstanceTransferStatusHandlerWithFileName handler = new MultipleInstanceTransferStatusHandlerWithFileName() {
            @Override
            public void updateStatus(int remaining, int completed, int failures, int warnings, String sopInstanceUid,
                                     String fileName, boolean success) {
                outcome.put(fileName, success);
            }
        };
        Association association = open(dest, set);
        try {
            // this constructor traps its exceptions; per-instance outcomes arrive through the handler
            new StorageSOPClassSCU(association, set, handler);
            association.release();
        } catch (DicomNetworkException e) {
            if (outcome.isEmpty()) {
                throw new DicomNetException("C-STORE association with " + dest + " failed: " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            Boolean ok = outcome.get(e.getKey());
            if (Boolean.TRUE.equals(ok)) {
                stored.add(new SendResult.Sent(e.getValue(), sopOf.get(e.getKey())));
            } else {
                failed.add(new SendResult.Failed(e.getValue(), sopOf.get(e.getKey()),
                        ok == null ? "not confirmed (association ended or no presentation context)" : "refused by " + dest.aeTitle()));
            }
        }
        return new SendResult(dest, stored, failed);
    }

    /** The association PixelMed would open, plus TCP_NODELAY: without it each C-STORE can stall on Nagle + delayed ACK. */
    private Association open(Destination dest, SetOfDicomFiles set) throws DicomNetException {
        try {
            LinkedList<?> contexts = PresentationContextListFactory.createNewPresentationContextList(set, 0);
            Association a = AssociationFactory.createNewAssociation(dest.host(), dest.port(), dest.aeTitle(), callingAe,
                    contexts, null, false);
            PixelMedTuning.noDelay(a);
            return a;
        } catch (DicomNetworkException | IOException e) {
            throw new DicomNetException("cannot open an association with " + dest + ": " + e.getMessage(), e);
        }
    }
}
