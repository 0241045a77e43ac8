package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.dicom.Images;

/**
 * Photographs an ultrasound image on a monitor with a phone, as users of the smartphone app do: the
 * screen seen at a slant (perspective), its dark UI margin and bezel against a room background, screen
 * black level and gamma, moire from the pixel grid, a glare spot, vignetting, a colour cast, blur,
 * sensor noise and JPEG compression. Deterministic for a seed. Masks follow the same warp, so the
 * pointing game can be played on photos.
 */
public final class PhotoSimulator {
    private final int outWidth;
    private final int outHeight;

    /** Photos of the source image's own size. */
    public PhotoSimulator() {
        this(0, 0);
    }

    /** Photos of a fixed size; 0 x 0 means the size of each source image. */
    public PhotoSimulator(int width, int height) {
        if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
            throw new IllegalArgumentException("photo size must be both positive or both 0, got " + width + "x" + height);
        }
        this.outWidth = width;
        this.outHeight = height;
    }

    public Photo simulate(Frame source, List<Mask> masks, long seed) {
        return simulate(source.width(), source.height(), source.format(), source.pixels(), masks, seed);
    }

    /** The photo of raw pixels (GRAY8 or interleaved RGB8, row-major). */
    public Photo simulate(int width, int height, PixelFormat format, byte[] pixels, List<Mask> masks, long seed) {
        if (pixels.length != width * height * format.channels()) {
            throw new IllegalArgumentException(width + "x" + height + " " + format + " needs " + (width * height * format.channels())
                    + " bytes, got " + pixels.length);
        }
        return simulate(width, height, format == PixelFormat.RGB8 ? pixels : grayToRgb(pixels), masks, seed);
    }

    public Photo simulate(BufferedImage source, List<Mask> masks, long seed) {
        return simulate(source.getWidth(), source.getHeight(), Images.toBytes(source, PixelFormat.RGB8), masks, seed);
    }

    /** Augmentation for training: the photo of a frame, as a frame with the source's identity. */
    public Frame augment(Frame source, long seed) {
        return simulate(source, List.of(), seed).toFrame(source.source(), source.index());
    }

    private Photo simulate(int sw, int sh, byte[] src, List<Mask> masks, long seed) {
        for (Mask m : masks) {
            if (m.width() != sw || m.height() != sh) {
                throw new IllegalArgumentException("mask " + m.width() + "x" + m.height() + " does not match image " + sw + "x" + sh);
            }
        }
        SplittableRandom rng = Seeds.rng(seed, 0x9407_0L);
        int w = outWidth > 0 ? outWidth : sw, h = outHeight > 0 ? outHeight : sh;
        double ui = uniform(rng, 0.01, 0.05) * sw, bezel = ui + uniform(rng, 0.02, 0.05) * sw;
        Homography toPhoto = screenPose(rng, sw, sh, bezel, w, h);
        Homography toSource = toPhoto.inverse();
        PhotoScene scene = new PhotoScene(rng, w, h, sw, sh, ui, bezel);
        float[] r = new float[w * h], g = new float[w * h], b = new float[w * h];
        scene.render(src, toSource, r, g, b);
        scene.blur(r, g, b, uniform(rng, 0.4, 1.8));
        byte[] pixels = scene.finish(r, g, b);
        byte[] jpeg = jpeg(pixels, w, h, (float) uniform(rng, 0.55, 0.9));
        byte[] decoded = decode(jpeg);
        List<Mask> warped = new ArrayList<>(masks.size());
        for (Mask m : masks) {
            warped.add(warp(m, toSource, w, h));
        }
        return new Photo(w, h, decoded, warped, jpeg, toPhoto.h().clone());
    }

    /** Where the monitor's outer corners land in the photo: centred, scaled, rotated and each corner nudged. */
    private static Homography screenPose(SplittableRandom rng, int sw, int sh, double bezel, int w, int h) {
        double outerW = sw + 2 * bezel, outerH = sh + 2 * bezel;
        double scale = uniform(rng, 0.8, 1.0) * Math.min(w / outerW, h / outerH); // users fill the frame with the screen
        double angle = Math.toRadians(uniform(rng, -6, 6));
        double cx = w / 2.0 + uniform(rng, -0.05, 0.05) * w, cy = h / 2.0 + uniform(rng, -0.05, 0.05) * h;
        double[] su = {-bezel, sw + bezel, sw + bezel, -bezel}, sv = {-bezel, -bezel, sh + bezel, sh + bezel};
        double[] px = new double[4], py = new double[4];
        double skew = uniform(rng, 0.02, 0.08);
        for (int k = 0; k < 4; k++) {
            double x = (su[k] - sw / 2.0) * scale, y = (sv[k] - sh / 2.0) * scale;
            double rx = x * Math.cos(angle) - y * Math.sin(angle), ry = x * Math.sin(angle) + y * Math.cos(angle);
            px[k] = cx + rx + uniform(rng, -skew, skew) * w;
            py[k] = cy + ry + uniform(rng, -skew, skew) * h;
        }
        return Homography.fit(su, sv, px, py);
    }

    private static Mask warp(Mask m, Homography toSource, int w, int h) {
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] s = toSource.apply(x + 0.5, y + 0.5);
                if (m.contains((int) Math.floor(s[0]), (int) Math.floor(s[1]))) {
                    out[y * w + x] = (byte) 255;
                }
            }
        }
        return new Mask(w, h, out);
    }

    private static byte[] grayToRgb(byte[] grey) {
        byte[] out = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = grey[i];
        }
        return out;
    }

    static byte[] jpeg(byte[] rgb, int w, int h, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(Images.toImage(w, h, PixelFormat.RGB8, rgb), null, null), param);
            ios.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding in memory failed", e);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            return Images.toBytes(image, PixelFormat.RGB8);
        } catch (IOException e) {
            throw new UncheckedIOException("decoding our own JPEG failed", e);
        }
    }
}
