package org.gbscan.trainer.train;

import org.gbscan.core.Frame;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.preprocess.InputKinds;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.data.LabeledImage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what kind of input a data set holds. Every image's first frame is looked at: a set of B-mode
 * frames and gallbladder region crops together is refused (one model prepares its inputs one way), with
 * examples of each so the user can split it or say {@code --input-kind}. A kind given by the user wins,
 * with a warning when the images disagree.
 */
final class InputKindCheck {
    private static final int EXAMPLES = 3;

    private InputKindCheck() {
    }

    static InputKind decide(Dataset data, ImageLoader loader, InputKind given, PrintStream console) throws TrainingException {
        Map<InputKind, List<String>> seen = new EnumMap<>(InputKind.class);
        for (LabeledImage image : data.images()) {
            List<Frame> frames;
            try {
                frames = loader.frames(image);
            } catch (ImageLoader.UnreadableImageException e) {
                continue; // listed later by the preparation pass
            }
            if (!frames.isEmpty()) {
                seen.computeIfAbsent(InputKinds.detect(frames.get(0)), k -> new ArrayList<>()).add(image.id());
            }
        }
        if (seen.isEmpty()) {
            throw new TrainingException("none of the labelled images could be decoded");
        }
        if (given != null) {
            seen.forEach((kind, ids) -> {
                if (kind != given) {
                    console.printf("warning: %d image(s) look like %s images although --input-kind %s was given, e.g. %s%n",
                            ids.size(), kind.code(), given.code(), ids.subList(0, Math.min(EXAMPLES, ids.size())));
                }
            });
            return given;
        }
        if (seen.size() > 1) {
            List<String> frames = seen.get(InputKind.FRAME);
            List<String> rois = seen.get(InputKind.ROI);
            throw new TrainingException("the data set mixes " + frames.size() + " B-mode frame(s) (e.g. "
                    + frames.subList(0, Math.min(EXAMPLES, frames.size())) + ") and " + rois.size()
                    + " gallbladder region image(s) (e.g. " + rois.subList(0, Math.min(EXAMPLES, rois.size()))
                    + "); a model takes one kind: split the data, or pass --input-kind frame|roi");
        }
        return seen.keySet().iterator().next();
    }
}
