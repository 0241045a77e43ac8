package org.gbscan.core.dicom.net;

import java.util.Objects;

/**
 * What an {@link InstanceSink} made of a received instance; becomes the C-STORE response.
 *
 * @param comment short reason sent as Error Comment (max 64 characters, never patient data); empty on success
 */
public record StoreOutcome(StoreStatus status, String comment) {
    private static final StoreOutcome STORED = new StoreOutcome(StoreStatus.SUCCESS, "");

    public StoreOutcome {
        Objects.requireNonNull(status, "status");
        comment = Objects.requireNonNullElse(comment, "");
        if (comment.length() > 64) {
            comment = comment.substring(0, 64);
        }
    }

    public static StoreOutcome stored() {
        return STORED;
    }

    public static StoreOutcome failed(StoreStatus status, String comment) {
        if (status == StoreStatus.SUCCESS) {
            throw new IllegalArgumentException("a failure needs a failure status");
        }
        return new StoreOutcome(status, comment);
    }

    public boolean isSuccess() {
        return status == StoreStatus.SUCCESS;
    }
}
