package org.gbscan.web;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.gbscan.core.Frame;
import org.gbscan.core.HeatMap;
import org.gbscan.core.dicom.Images;

/** Small pictures for the page: frames and overlays scaled down and encoded as data URIs, in memory. */
final class Pictures {
    private Pictures() {
    }

    /** The frame scaled so its longest side is at most {@code maxSide}; the same frame when it already fits. */
    static Frame shrink(Frame frame, int maxSide) {
        if (Math.max(frame.width(), frame.height()) <= maxSide) {
            return frame;
        }
        BufferedImage small = fit(Images.toImage(frame), maxSide);
        return new Frame(frame.source(), frame.index(), small.getWidth(), small.getHeight(), frame.format(),
                Images.toBytes(small, frame.format()));
    }

    /** The heat map resampled (bilinear) to another size; heat maps are smooth, so sampling loses nothing visible. */
    static HeatMap resample(HeatMap heat, int width, int height) {
        if (heat.width() == width && heat.height() == height) {
            return heat;
        }
        float[] out = new float[width * height];
        double sx = (double) heat.width() / width;
        double sy = (double) heat.height() / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, Math.min(heat.height() - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(heat.height() - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, Math.min(heat.width() - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(heat.width() - 1, x0 + 1);
                double wx = fx - x0;
                double top = heat.at(x0, y0) * (1 - wx) + heat.at(x1, y0) * wx;
                double bottom = heat.at(x0, y1) * (1 - wx) + heat.at(x1, y1) * wx;
                out[y * width + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return new HeatMap(width, height, out);
    }

    /** The image scaled so its longest side is at most {@code maxSide} (never enlarged). */
    static BufferedImage fit(BufferedImage image, int maxSide) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / longest;
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * PNG with light deflate: the overlay is photographic, so the strongest level costs several times
     * the time for a few percent of size, and it is sent once over the local network.
     */
    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.5f); // the JDK writer maps this to a middle deflate level
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding into memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static String dataUri(String mediaType, byte[] bytes) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
