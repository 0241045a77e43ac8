package org.gbscan.core.dicom.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;

/** A sink like the listener's: verifies the file and moves it into a folder; can be told to fail. */
final class RecordingSink implements InstanceSink {
    private final Path store;
    final List<InstanceRef> received = new CopyOnWriteArrayList<>();
    final List<String> transferSyntaxes = new CopyOnWriteArrayList<>();
    final List<String> callingAes = new CopyOnWriteArrayList<>();
    volatile StoreOutcome forcedOutcome;
    volatile RuntimeException forcedException;

    RecordingSink(Path store) {
        this.store = store;
    }

    @Override
    public StoreOutcome accept(Path file, String transferSyntaxUid, String callingAe) {
        if (forcedException != null) {
            throw forcedException;
        }
        if (forcedOutcome != null) {
            return forcedOutcome;
        }
        try {
            InstanceRef ref = DicomFiles.verify(file);
            Files.createDirectories(store);
            Files.move(file, store.resolve(ref.sopInstanceUid() + ".dcm"), StandardCopyOption.REPLACE_EXISTING);
            received.add(ref);
            transferSyntaxes.add(transferSyntaxUid);
            callingAes.add(callingAe);
            return StoreOutcome.stored();
        } catch (BadDicomException e) {
            return StoreOutcome.failed(StoreStatus.CANNOT_UNDERSTAND, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
