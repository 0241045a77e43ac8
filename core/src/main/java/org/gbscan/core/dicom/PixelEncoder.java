package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.gbscan.core.Frame;

/** Encodes frames into Pixel Data for each photometric interpretation and transfer syntax we write. */
final class PixelEncoder {
    private static final float JPEG_QUALITY = 0.92f;

    private PixelEncoder() {
    }

    static byte[] raw(List<Frame> frames, Photometric pi) {
        Frame f0 = frames.get(0);
        int n = f0.width() * f0.height();
        int perFrame = switch (pi) {
            case MONOCHROME1, MONOCHROME2 -> n;
            case YBR_FULL_422 -> n * 2;
            default -> n * 3;
        };
        byte[] out = new byte[perFrame * frames.size()];
        int at = 0;
        for (Frame f : frames) {
            byte[] p = f.pixels();
            switch (pi) {
                case MONOCHROME2, RGB -> System.arraycopy(p, 0, out, at, p.length);
                case MONOCHROME1 -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] = (byte) (255 - (p[i] & 0xff));
                    }
                }
                case YBR_FULL -> { // colour-by-plane: the US IOD requires Planar Configuration 1 for YBR_FULL
                    for (int i = 0; i < n; i++) {
                        int[] ybr = Colour.rgbToYbr(p[3 * i] & 0xff, p[3 * i + 1] & 0xff, p[3 * i + 2] & 0xff);
                        out[at + i] = (byte) ybr[0];
                        out[at + n + i] = (byte) ybr[1];
                        out[at + 2 * n + i] = (byte) ybr[2];
                    }
                }
                case YBR_FULL_422 -> {
                    if (f.width() % 2 != 0) {
                        throw new IllegalArgumentException("YBR_FULL_422 needs an even number of columns");
                    }
                    for (int i = 0, o = at; i < n; i += 2, o += 4) {
                        int[] a = Colour.rgbToYbr(p[3 * i] & 0xff, p[3 * i + 1] & 0xff, p[3 * i + 2] & 0xff);
                        int[] b = Colour.rgbToYbr(p[3 * i + 3] & 0xff, p[3 * i + 4] & 0xff, p[3 * i + 5] & 0xff);
                        out[o] = (byte) a[0];
                        out[o + 1] = (byte) b[0];
                        out[o + 2] = (byte) ((a[1] + b[1] + 1) / 2);
                        out[o + 3] = (byte) ((a[2] + b[2] + 1) / 2);
                    }
                }
                default -> throw new IllegalArgumentException("raw encoding of " + pi.dicomName() + " is done elsewhere");
            }
            at += perFrame;
        }
        return out;
    }

    static byte[][] jpegFrames(ImageSpec spec) {
        byte[][] out = new byte[spec.frames().size()][];
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            for (int i = 0; i < out.length; i++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
                    writer.setOutput(ios);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(JPEG_QUALITY);
                    writer.write(null, new IIOImage(Images.toImage(spec.frames().get(i)), null, null), param);
                }
                byte[] b = bytes.toByteArray();
                out[i] = b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1); // items have even length
            }
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return out;
    }

    /** Writes indices + 8-bit palette tables; the frames must have at most 256 distinct colours. */
    static void putPalette(AttributeList list, List<Frame> frames) throws DicomException {
        Map<Integer, Integer> index = new LinkedHashMap<>();
        Frame f0 = frames.get(0);
        int n = f0.width() * f0.height();
        byte[] indices = new byte[n * frames.size()];
        int at = 0;
        for (Frame f : frames) {
            byte[] p = f.pixels();
            for (int i = 0; i < n; i++) {
                int rgb = ((p[3 * i] & 0xff) << 16) | ((p[3 * i + 1] & 0xff) << 8) | (p[3 * i + 2] & 0xff);
                Integer k = index.get(rgb);
                if (k == null) {
                    if (index.size() == 256) {
                        throw new IllegalArgumentException("PALETTE COLOR needs at most 256 distinct colours");
                    }
                    k = index.size();
                    index.put(rgb, k);
                }
                indices[at++] = (byte) (int) k;
            }
        }
        int entries = 256;
        short[][] tables = new short[3][entries];
        int k = 0;
        for (int rgb : index.keySet()) {
            tables[0][k] = (short) (((rgb >> 16) & 0xff) * 257); // 16-bit entries, full range
            tables[1][k] = (short) (((rgb >> 8) & 0xff) * 257);
            tables[2][k] = (short) ((rgb & 0xff) * 257);
            k++;
        }
        com.pixelmed.dicom.AttributeTag[][] tags = {
            {TagFromName.RedPaletteColorLookupTableDescriptor, TagFromName.RedPaletteColorLookupTableData},
            {TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.GreenPaletteColorLookupTableData},
            {TagFromName.BluePaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableData}};
        for (int c = 0; c < 3; c++) {
            com.pixelmed.dicom.UnsignedShortAttribute d = new com.pixelmed.dicom.UnsignedShortAttribute(tags[c][0]);
            d.addValue(entries);
            d.addValue(0);
            d.addValue(16);
            list.put(d);
            list.put(ImageWriter.words(tags[c][1], tables[c]));
        }
        OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
        pd.setValues(indices.length % 2 == 0 ? indices : java.util.Arrays.copyOf(indices, indices.length + 1));
        list.put(pd);
    }
}
