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

    static PreparedSet prepare(String what, Dataset split, ImageLoader loader, Preprocessor preprocessor,
                               Variants variants, int maxSide, boolean progressBar) {
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
                        samples.add(new Sample(crop, extra, image.label().index(), image.id(), image.patient()));
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
