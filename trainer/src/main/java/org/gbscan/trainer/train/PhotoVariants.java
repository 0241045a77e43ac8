package org.gbscan.trainer.train;

import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;
import org.gbscan.inference.model.InputKind;
import org.gbscan.phantom.Homography;
import org.gbscan.phantom.Photo;
import org.gbscan.phantom.PhotoSimulator;

import java.util.List;

/**
 * Phone-photo simulation as training augmentation: one simulated photo per training frame (the
 * phantom's perspective, moire, glare, colour cast, blur and JPEG steps), made once per run and
 * preprocessed like every other input, so a model trained on PACS frames also meets photos.
 * A B-mode frame is photographed whole on its monitor. A region image (the study's crops) is shown
 * enlarged on the monitor and the photo is cut to where the image landed, as a user frames the
 * gallbladder with the phone: the region model then sees the crop through the camera, not the room.
 */
final class PhotoVariants {
    /** A region crop is shown this many times larger on the monitor (60 px crops become 240 px on screen). */
    static final int REGION_DISPLAY_SCALE = 4;

    private PhotoVariants() {
    }

    static PreparedSet.Variants create(long seed) {
        return create(seed, InputKind.FRAME);
    }

    static PreparedSet.Variants create(long seed, InputKind kind) {
        PhotoSimulator simulator = new PhotoSimulator();
        if (kind == InputKind.ROI) {
            return (frame, index) -> List.of(regionPhoto(simulator, frame, seed * 7_919L + index));
        }
        return (frame, index) -> List.of(simulator.augment(frame, seed * 7_919L + index));
    }

    /** The photo of an enlarged region image, cut to the box inside the image's four photographed corners. */
    static Frame regionPhoto(PhotoSimulator simulator, Frame region, long seed) {
        int s = REGION_DISPLAY_SCALE;
        int w = region.width() * s, h = region.height() * s;
        int channels = region.format().channels();
        byte[] big = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(region.pixels(), ((y / s) * region.width() + x / s) * channels, big, (y * w + x) * channels, channels);
            }
        }
        Photo photo = simulator.simulate(w, h, region.format(), big, List.of(), seed);
        Homography toPhoto = new Homography(photo.homography());
        double[] tl = toPhoto.apply(0, 0), tr = toPhoto.apply(w, 0), br = toPhoto.apply(w, h), bl = toPhoto.apply(0, h);
        int x0 = clamp((int) Math.ceil(Math.max(tl[0], bl[0])), photo.width());
        int x1 = clamp((int) Math.floor(Math.min(tr[0], br[0])), photo.width());
        int y0 = clamp((int) Math.ceil(Math.max(tl[1], tr[1])), photo.height());
        int y1 = clamp((int) Math.floor(Math.min(bl[1], br[1])), photo.height());
        if (x1 - x0 < 8 || y1 - y0 < 8) {
            return photo.toFrame(region.source(), region.index());
        }
        byte[] rgb = new byte[(x1 - x0) * (y1 - y0) * 3];
        for (int y = y0; y < y1; y++) {
            System.arraycopy(photo.rgb(), (y * photo.width() + x0) * 3, rgb, ((y - y0) * (x1 - x0)) * 3, (x1 - x0) * 3);
        }
        return new Frame(region.source(), region.index(), x1 - x0, y1 - y0, PixelFormat.RGB8, rgb);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
