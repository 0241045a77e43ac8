package org.gbscan.fhir.store;

/**
 * One scored frame of a stored study, highest BA probability first ({@code rank} 0).
 *
 * @param frameKey core {@code Frame.key()}: SOP Instance UID, '#', frame number
 * @param hasCam   whether a CAM thumbnail PNG is stored (fetch it with {@code ReportStore.camPng})
 */
public record FrameView(String frameKey, int rank, String sopInstanceUid, int frameIndex, double baProbability,
                        boolean hasCam) {
}
