package org.gbscan.inference;

import java.util.List;
import org.gbscan.core.FrameScore;
import org.gbscan.core.Frame;

/** Scores decoded frames: BA probability, predicted class and (when enabled) a Grad-CAM heat map each. */
public interface FrameScorer {
    /** One score per frame, in the same order. */
    List<FrameScore> scoreAll(List<Frame> frames);
}
