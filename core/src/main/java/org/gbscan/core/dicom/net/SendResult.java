package org.gbscan.core.dicom.net;

import java.nio.file.Path;
import java.util.List;

/**
 * Per-instance outcome of one C-STORE association.
 *
 * @param stored the files the peer confirmed (success or warning status)
 * @param failed the files refused, not sent, or whose outcome is unknown
 */
public record SendResult(Destination destination, List<Sent> stored, List<Failed> failed) {
    public SendResult {
        stored = List.copyOf(stored);
        failed = List.copyOf(failed);
    }

    public record Sent(Path file, String sopInstanceUid) {
    }

    public record Failed(Path file, String sopInstanceUid, String reason) {
    }

    public boolean allStored() {
        return failed.isEmpty();
    }
}
