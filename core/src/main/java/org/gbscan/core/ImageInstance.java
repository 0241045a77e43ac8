package org.gbscan.core;

import java.util.List;
import java.util.Objects;

/**
 * A decoded image instance: its identity, the frames that were decoded (all, or an evenly spaced
 * selection of a cine loop) and the number of frames the instance holds in total.
 *
 * @param spacing pixel spacing when the source states one (US region calibration or Pixel Spacing), else null
 */
public record ImageInstance(InstanceRef ref, List<Frame> frames, int totalFrames, PixelSpacing spacing) {
    public ImageInstance {
        Objects.requireNonNull(ref, "ref");
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an image instance needs at least one frame");
        }
        if (totalFrames < frames.size()) {
            throw new IllegalArgumentException("total frames " + totalFrames + " < decoded " + frames.size());
        }
    }
}
