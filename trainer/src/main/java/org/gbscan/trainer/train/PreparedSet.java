package org.gbscan.trainer.train;

import me.tongfei.progressbar.ProgressBar;
import org.gbscan.core.Frame;
import org.gbscan.inference.preprocess.Preprocessor;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.ImageLoader;
import org.gbscan.trainer.data.LabeledImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one split, decoded and cropped once per run (decoding DICOM and finding the
 * ultrasound region cost far more than the per-epoch augmentation). Files that cannot be decoded are
 * listed, not fatal.
 */
record PreparedSet(List<Sample> samples, List<String> unreadable) {
    PreparedSet {
        samples = List.copyOf(samples);
        unreadable = List.copyOf(unreadable);
    }

    /** Makes extra versions of a frame, e.g. simulated phone photos; empty when not wanted. */
    interface Variants {
        Variants NONE = (frame, index) -> List.of();

        List<Frame> of(Frame frame, int sampleIndex);
    }

    /** Finds a frame's finding mask for localisation hints; null when it gets none. */
    interface Hints {
        Hints NONE = (image, frame) -> null;

        MaskHint of(LabeledImage image, Frame frame);
    }

    static PreparedSet prepare(String what, Dataset split, ImageLoader loader, Preprocessor preprocessor,
                               Variants variants, int maxSide, boolean progressBar) {
        return prepare(what, split, loader, preprocessor, variants, maxSide, progressBar, Hints.NONE);
    }

    static PreparedSet prepare(String what, Dataset split, ImageLoader loader, Preprocessor preprocessor,
                               Variants variants, int maxSide, boolean progressBar, Hints hints) {
        List<Sample> samples = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try (ProgressBar bar = progressBar ? Progress.bar("prepare " + what, split.images().size(), " files") : null) {
            for (LabeledImage image : split.images()) {
                try {
                    for (Frame frame : loader.frames(image)) {
                        CachedCrop crop = CachedCrop.of(preprocessor.crop(frame), maxSide);
                        List<CachedCrop> extra = new ArrayList<>();
                        for (Frame v : variants.of(frame, samples.size())) {
                            extra.add(CachedCrop.of(preprocessor.crop(v), maxSide));
                        }
                        samples.add(new Sample(crop, extra, image.label().index(), image.id(), image.patient(), hints.of(image, frame)));
                    }
                } catch (ImageLoader.UnreadableImageException e) {
                    unreadable.add(e.getMessage());
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        return new PreparedSet(samples, unreadable);
    }

    int baCount() {
        return (int) samples.stream().filter(Sample::ba).count();
    }
}
