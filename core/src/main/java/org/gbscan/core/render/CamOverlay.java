package org.gbscan.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.gbscan.core.Frame;
import org.gbscan.core.HeatMap;

/**
 * Draws a Grad-CAM heat map over its frame (jet colour map, like the study's overlays), with a colour
 * bar and ticks on the right and caption lines below, always ending with the disclaimer. Pure Java2D:
 * used for the DICOM Secondary Capture, the web page and the {@code gbscan score} CLI.
 *
 * <p>Only meaningful heat is coloured: below {@link #HEAT_FLOOR} of the map's maximum the image shows
 * through untouched, so a radiologist sees where the model looked, not a tint over everything; the
 * colour bar starts at the floor. Caption lines wrap instead of being cut.
 *
 * <p>Layout: the frame keeps its pixel grid at the top-left, enlarged by the whole factor
 * {@link #scaleFor} when it is small (the study's 60-px crops), so a copied pixel spacing divided by
 * that factor still holds for that region; the bar panel is added on the right and the caption band below.
 */
public final class CamOverlay {
    public static final String DISCLAIMER = "AI-generated - not for diagnostic use";
    /** Heat below this share of the maximum is not drawn. */
    public static final double HEAT_FLOOR = 0.3;
    /** Frames narrower than this on their short side are enlarged so the map and the caption can be read. */
    static final int MIN_SIDE = 360;

    private CamOverlay() {
    }

    /** The frame with the heat map blended in, a colour bar and the caption lines plus {@link #DISCLAIMER}. */
    public static BufferedImage render(Frame frame, HeatMap heat, List<String> caption) {
        if (heat.width() != frame.width() || heat.height() != frame.height()) {
            throw new IllegalArgumentException("heat map " + heat.width() + "x" + heat.height()
                    + " does not match frame " + frame.width() + "x" + frame.height());
        }
        int scale = scaleFor(frame.width(), frame.height());
        int w = frame.width() * scale, h = frame.height() * scale;
        int fontSize = Math.max(11, Math.min(24, Math.min(w, h) / 22));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
        int lineHeight = fontSize + fontSize / 3;
        int barPanel = Math.max(fontSize * 4, w / 8);
        int outW = w + barPanel;
        List<String> lines = wrapped(caption, font, outW - fontSize);
        int textBand = lines.size() * lineHeight + lineHeight / 2;
        int outH = h + textBand;

        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        blend(frame, heat, out, scale);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            g.fillRect(w, 0, barPanel, outH);
            g.fillRect(0, h, w, textBand);
            drawColourBar(g, w, h, barPanel, fontSize);
            int disclaimerLines = wrapped(List.of(), font, outW - fontSize).size();
            for (int i = 0; i < lines.size(); i++) {
                boolean disclaimer = i >= lines.size() - disclaimerLines;
                g.setColor(disclaimer ? new Color(255, 210, 0) : Color.WHITE);
                g.drawString(lines.get(i), fontSize / 2, h + (i + 1) * lineHeight - fontSize / 6);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #render} encoded as PNG. */
    public static byte[] png(Frame frame, HeatMap heat, List<String> caption) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(render(frame, heat, caption), "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of an in-memory image failed", e);
        }
    }

    /** Jet colour map (blue, cyan, yellow, red), value clamped to 0..1, as packed RGB. */
    public static int jet(double v) {
        double x = Math.max(0, Math.min(1, v));
        int r = channel(1.5 - Math.abs(4 * x - 3));
        int gr = channel(1.5 - Math.abs(4 * x - 2));
        int b = channel(1.5 - Math.abs(4 * x - 1));
        return (r << 16) | (gr << 8) | b;
    }

    /** The whole factor a frame is enlarged by in the overlay (1 for scanner frames, more for small crops). */
    public static int scaleFor(int width, int height) {
        int side = Math.min(width, height);
        return side >= MIN_SIDE ? 1 : (MIN_SIDE + side - 1) / side;
    }

    /** Weight of the colour at heat value v: none below the floor, then rising to strong where the model looked. */
    static double alpha(double v) {
        double x = Math.max(0, Math.min(1, v));
        return x < HEAT_FLOOR ? 0 : 0.25 + 0.4 * (x - HEAT_FLOOR) / (1 - HEAT_FLOOR);
    }

    /** The caption lines, then the disclaimer, each wrapped at spaces to the width (a word too long is cut). */
    private static List<String> wrapped(List<String> caption, Font font, int width) {
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        List<String> all = new ArrayList<>(caption);
        all.add(DISCLAIMER);
        List<String> out = new ArrayList<>();
        for (String line : all) {
            StringBuilder current = new StringBuilder();
            for (String word : line.split(" ")) {
                String tryLine = current.length() == 0 ? word : current + " " + word;
                if (fm.stringWidth(tryLine) <= width || current.length() == 0) {
                    current.setLength(0);
                    current.append(fm.stringWidth(tryLine) <= width ? tryLine : fit(tryLine, fm, width));
                } else {
                    out.add(current.toString());
                    current.setLength(0);
                    current.append(fm.stringWidth(word) <= width ? word : fit(word, fm, width));
                }
            }
            out.add(current.toString());
        }
        return out;
    }

    private static void blend(Frame frame, HeatMap heat, BufferedImage out, int scale) {
        int fw = frame.width(), channels = frame.format().channels();
        int w = frame.width() * scale, h = frame.height() * scale;
        byte[] px = frame.pixels();
        int[] rgb = new int[w * h];
        for (int o = 0; o < rgb.length; o++) {
            int i = (o / w / scale) * fw + (o % w) / scale;
            int r, g, b;
            if (channels == 1) {
                r = g = b = px[i] & 0xff;
            } else {
                r = px[3 * i] & 0xff;
                g = px[3 * i + 1] & 0xff;
                b = px[3 * i + 2] & 0xff;
            }
            double v = heat.values()[i];
            int c = jet(v);
            double a = alpha(v);
            rgb[o] = (mix(r, (c >> 16) & 0xff, a) << 16) | (mix(g, (c >> 8) & 0xff, a) << 8) | mix(b, c & 0xff, a);
        }
        out.setRGB(0, 0, w, h, rgb, 0, w); // one bulk copy instead of a call per pixel
    }

    private static void drawColourBar(Graphics2D g, int left, int height, int panel, int fontSize) {
        int margin = fontSize;
        int barX = left + fontSize / 2;
        int barW = Math.max(6, panel / 4);
        int top = margin, bottom = Math.max(top + 10, height - margin);
        for (int y = top; y <= bottom; y++) {
            double v = 1.0 - (y - top) / (double) (bottom - top);
            // below the floor nothing is drawn on the image: the bar shows that part dark grey
            g.setColor(v < HEAT_FLOOR ? new Color(60, 60, 60) : new Color(jet(v)));
            g.drawLine(barX, y, barX + barW, y);
        }
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(barX, top, barW, bottom - top);
        Font small = g.getFont().deriveFont(Math.max(10f, fontSize * 0.8f));
        Font previous = g.getFont();
        g.setFont(small);
        for (int i = 0; i <= 4; i++) {
            double v = i / 4.0;
            int y = bottom - (int) Math.round(v * (bottom - top));
            g.drawLine(barX + barW, y, barX + barW + fontSize / 3, y);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), barX + barW + fontSize / 2, y + small.getSize() / 3);
        }
        g.setFont(previous);
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s + "...") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    private static int mix(int base, int colour, double a) {
        return (int) Math.round(base * (1 - a) + colour * a);
    }
}
