package org.gbscan.core.dicom.net;

import com.pixelmed.dicom.SetOfDicomFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files to C-STORE, read as far as their meta header: the sendable ones (with SOP class, instance and
 * transfer syntax) in PixelMed's set, the others already reported as failed without being sent.
 */
final class StoreBatch {
    final SetOfDicomFiles set = new SetOfDicomFiles();
    /** PixelMed's file name (absolute path) to the caller's path, in the caller's order. */
    final Map<String, Path> byName = new LinkedHashMap<>();
    final Map<String, String> sopOf = new LinkedHashMap<>();
    final Set<StoreAssociation.Syntax> syntaxes = new LinkedHashSet<>();
    final List<SendResult.Failed> unreadable = new ArrayList<>();

    private StoreBatch() {
    }

    static StoreBatch read(List<Path> files) {
        StoreBatch b = new StoreBatch();
        for (Path f : files) {
            String name = f.toAbsolutePath().toString();
            SetOfDicomFiles.DicomFile added;
            try {
                added = b.set.add(name);
            } catch (RuntimeException e) {
                b.unreadable.add(new SendResult.Failed(f, "", "not sent: unreadable file (" + e.getClass().getSimpleName() + ")"));
                continue;
            }
            if (added == null || added.getSOPInstanceUID() == null || added.getSOPClassUID() == null
                    || added.getTransferSyntaxUID() == null) {
                b.set.remove(added);
                b.unreadable.add(new SendResult.Failed(f, "", "not sent: not a DICOM Part 10 file with SOP class, instance and transfer syntax"));
                continue;
            }
            b.byName.put(name, f);
            b.sopOf.put(name, added.getSOPInstanceUID());
            b.syntaxes.add(new StoreAssociation.Syntax(added.getSOPClassUID(), added.getTransferSyntaxUID()));
        }
        return b;
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }
}
