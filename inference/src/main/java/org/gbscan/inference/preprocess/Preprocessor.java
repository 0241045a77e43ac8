package org.gbscan.inference.preprocess;

import java.util.List;
import java.util.random.RandomGenerator;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;
import org.gbscan.inference.model.InputKind;
import org.gbscan.inference.model.ModelCard;

/**
 * Frame to model input, the same code for training and serving: for a B-mode {@link InputKind#FRAME}
 * find the ultrasound region and crop to it (text and calipers outside it masked); a gallbladder
 * {@link InputKind#ROI} image is used whole (a fan search would take its dark lumen touching the border
 * for background and erase it). Then grayscale, resize to the card's input size, copy to the card's
 * channels, normalise with the card's mean/std. DICOM frames and phone photos take the same path.
 * Training inserts {@link Augmentation} between {@link #crop} and {@link #finish}. Stateless and thread-safe.
 */
public final class Preprocessor {
    private final InputKind kind;
    private final int size;
    private final int channels;
    private final float[] mean;
    private final float[] invStd;

    public Preprocessor(int size, int channels, List<Double> mean, List<Double> std) {
        this(InputKind.FRAME, size, channels, mean, std);
    }

    public Preprocessor(InputKind kind, int size, int channels, List<Double> mean, List<Double> std) {
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        if (size <= 0 || channels <= 0 || mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("preprocessor needs size > 0 and one mean/std per channel");
        }
        this.size = size;
        this.channels = channels;
        this.mean = new float[channels];
        this.invStd = new float[channels];
        for (int c = 0; c < channels; c++) {
            this.mean[c] = mean.get(c).floatValue();
            this.invStd[c] = (float) (1.0 / std.get(c));
        }
    }

    public static Preprocessor of(ModelCard card) {
        return new Preprocessor(card.inputKind(), card.inputSize(), card.channels(), card.mean(), card.std());
    }

    public InputKind kind() {
        return kind;
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    /** Crop, resize and normalise without augmentation (serving, evaluation). */
    public PreparedImage prepare(Frame frame) {
        return finish(crop(frame));
    }

    /** Crop, augment, resize and normalise (training). */
    public PreparedImage prepare(Frame frame, Augmentation augmentation, RandomGenerator random) {
        return finish(augmentation.apply(crop(frame), random));
    }

    /**
     * The part of the frame the model sees, as luminance 0..1: the ultrasound region of a B-mode frame
     * (pixels outside the region's mask are 0), or the whole of a region image.
     */
    public CroppedImage crop(Frame frame) {
        int w = frame.width(), h = frame.height();
        byte[] lum = luminance(frame);
        if (kind == InputKind.ROI) {
            float[] out = new float[w * h];
            final float scale = 1f / 255f;
            for (int i = 0; i < out.length; i++) {
                out[i] = (lum[i] & 0xff) * scale;
            }
            return new CroppedImage(out, w, h, CropGeometry.wholeFrame(w, h));
        }
        RegionFinder.Region region = RegionFinder.find(lum, w, h);
        float[] out = new float[region.width() * region.height()];
        final float scale = 1f / 255f;
        for (int row = 0; row < region.height(); row++) {
            int py = region.y() + row;
            int src = py * w + region.x();
            int dst = row * region.width();
            for (int col = 0; col < region.width(); col++) {
                int px = region.x() + col;
                out[dst + col] = region.contains(px, py) ? (lum[src + col] & 0xff) * scale : 0f;
            }
        }
        CropGeometry geometry = new CropGeometry(w, h, region.x(), region.y(), region.width(), region.height(), false);
        return new CroppedImage(out, region.width(), region.height(), geometry, region.area());
    }

    /** Resize to the input size, copy to every channel and normalise: CHW floats for the model. */
    public PreparedImage finish(CroppedImage image) {
        float[] plane = Resampler.resize(image.pixels(), image.width(), image.height(), size, size);
        int area = size * size;
        float[] data = new float[channels * area];
        for (int c = 0; c < channels; c++) {
            float m = mean[c], inv = invStd[c];
            int base = c * area;
            for (int i = 0; i < area; i++) {
                data[base + i] = (plane[i] - m) * inv;
            }
        }
        return new PreparedImage(data, channels, size, image.geometry(), image.area());
    }

    /** Luminance bytes of a frame (shared, not copied, for GRAY8; Rec. 601 for RGB8). */
    static byte[] luminance(Frame frame) {
        if (frame.format() == PixelFormat.GRAY8) {
            return frame.pixels();
        }
        byte[] rgb = frame.pixels();
        byte[] out = new byte[frame.width() * frame.height()];
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            int r = rgb[j] & 0xff, g = rgb[j + 1] & 0xff, b = rgb[j + 2] & 0xff;
            out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
        }
        return out;
    }
}
