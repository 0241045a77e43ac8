package org.gbscan.reporting.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gbscan.core.dicom.net.Destination;
import org.gbscan.core.dicom.net.DicomNetException;
import org.gbscan.core.dicom.net.SendResult;
import org.gbscan.core.dicom.net.StoreScu;

/** The production {@link Sender}: core's C-STORE SCU, all files of a call in one association. */
public final class StoreScuSender implements Sender {
    private final StoreScu scu;

    public StoreScuSender(String callingAeTitle) {
        this.scu = new StoreScu(callingAeTitle);
    }

    public StoreScuSender(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
        this.scu = new StoreScu(callingAeTitle, connectTimeout, readTimeout);
    }

    @Override
    public List<Path> send(Destination destination, List<Path> files) throws DicomNetException {
        SendResult result = scu.send(destination, files);
        return result.stored().stream().map(SendResult.Sent::file).toList();
    }
}
