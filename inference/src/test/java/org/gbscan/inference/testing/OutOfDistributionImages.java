package org.gbscan.inference.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelFormat;

/**
 * Inputs a gallbladder model was not trained for, one generator per kind the quality gate refuses,
 * each varied by a seed: blank screens, text-only pages, application screenshots, colour photographs,
 * CT and MR slices, and a region crop cut from a B-mode frame (for the wrong-kind check).
 */
public final class OutOfDistributionImages {
    private OutOfDistributionImages() {
    }

    /** A uniform grey screen with a little sensor noise. */
    public static Frame blank(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = 320 + r.nextInt(320), h = 240 + r.nextInt(240);
        int level = r.nextInt(256);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.max(0, Math.min(255, level + r.nextInt(5) - 2));
        }
        return gray(w, h, px);
    }

    /** Black text on a plain light page (a report, a letter). */
    public static Frame textOnly(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(400 + r.nextInt(200), 300 + r.nextInt(100), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int paper = 225 + r.nextInt(30);
        g.setColor(new Color(paper, paper, paper));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12 + r.nextInt(6)));
        for (int line = 0; line < 14; line++) {
            g.drawString("Patient report line " + (line + seed) + ": findings within normal limits, no comment.", 12, 24 + line * 20);
        }
        g.dispose();
        return rgb(img);
    }

    /** An application window: title bar, panels, buttons, a table of text. */
    public static Frame screenshot(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(640 + r.nextInt(320), 480 + r.nextInt(120), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(240, 240, 240));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(new Color(40 + r.nextInt(40), 90 + r.nextInt(60), 160 + r.nextInt(60)));
        g.fillRect(0, 0, img.getWidth(), 28);
        g.setColor(new Color(200, 200, 205));
        g.fillRect(0, 28, 150, img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int row = 0; row < 18; row++) {
            g.setColor(row % 2 == 0 ? Color.WHITE : new Color(230, 235, 245));
            g.fillRect(160, 40 + row * 22, img.getWidth() - 170, 22);
            g.setColor(Color.DARK_GRAY);
            g.drawString("Study " + (1000 + row + seed) + "   US ABDOMEN   2026-11-" + (10 + row % 18), 170, 56 + row * 22);
        }
        for (int b = 0; b < 4; b++) {
            g.setColor(new Color(180, 180, 190));
            g.fillRoundRect(12, 50 + b * 40, 120, 28, 6, 6);
        }
        g.dispose();
        return rgb(img);
    }

    /** A colour photograph of an everyday scene: sky, grass, a red and a yellow object, noise. */
    public static Frame colourPhoto(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = 480 + r.nextInt(320), h = 360 + r.nextInt(240);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = h / 3 + r.nextInt(h / 3);
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(60, 120, 220), 0, horizon, new Color(150, 200, 250)));
        g.fillRect(0, 0, w, horizon);
        g.setColor(new Color(40 + r.nextInt(40), 140 + r.nextInt(60), 40));
        g.fillRect(0, horizon, w, h - horizon);
        g.setColor(new Color(210, 30, 30));
        g.fillOval(r.nextInt(w / 2), horizon - 40, 120, 90);
        g.setColor(new Color(240, 200, 20));
        g.fillRect(w / 2 + r.nextInt(w / 4), horizon + 20, 90, 70);
        g.dispose();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = img.getRGB(x, y);
                int n = r.nextInt(9) - 4;
                img.setRGB(x, y, (clamp(((c >> 16) & 0xff) + n) << 16) | (clamp(((c >> 8) & 0xff) + n) << 8) | clamp((c & 0xff) + n));
            }
        }
        return rgb(img);
    }

    /** An axial CT slice (soft-tissue window): a body on black, organs of even grey, a bright spine, little noise. */
    public static Frame ctSlice(long seed) {
        return crossSection(seed, 512, 1.2, true);
    }

    /** An MR slice: a body on black with smooth tissue contrast, a gentle bias field, Rician-like noise. */
    public static Frame mrSlice(long seed) {
        return crossSection(seed, 256, 2.0, false);
    }

    private static Frame crossSection(long seed, int size, double noise, boolean bone) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, size, size);
        int bw = (int) (size * (0.7 + 0.15 * r.nextDouble())), bh = (int) (size * (0.5 + 0.15 * r.nextDouble()));
        int bx = (size - bw) / 2, by = (size - bh) / 2;
        g.setColor(new Color(95, 95, 95));
        g.fillOval(bx, by, bw, bh);
        g.setColor(new Color(125, 125, 125)); // liver
        g.fillOval(bx + bw / 10, by + bh / 5, bw / 2, bh / 2);
        g.setColor(new Color(110, 110, 110)); // kidney / spleen
        g.fillOval(bx + bw * 6 / 10, by + bh / 3, bw / 4, bh / 3);
        if (bone) {
            g.setColor(new Color(240, 240, 240));
            g.setStroke(new BasicStroke(6));
            g.drawOval(size / 2 - 22, by + bh - 70, 44, 40);
        } else {
            g.setColor(new Color(60, 60, 60));
            g.fillOval(size / 2 - 15, by + bh / 2 - 15, 30, 30);
        }
        g.dispose();
        byte[] px = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = img.getRaster().getSample(x, y, 0);
                if (v > 0) {
                    double bias = bone ? 1.0 : 0.9 + 0.2 * x / size;
                    v = clamp((int) Math.round(v * bias + noise * gaussian(r)));
                }
                px[y * size + x] = (byte) v;
            }
        }
        return gray(size, size, px);
    }

    /** A square region crop from inside the fan of a synthetic B-mode frame (a region image, not a frame). */
    public static Frame regionFromFrame(long seed) {
        Frame frame = SyntheticFrames.ultrasound(640, 480, seed, 1);
        SyntheticFrames.Fan fan = SyntheticFrames.fanOf(640, 480);
        int side = 60;
        int x0 = (int) fan.apexX() - side / 2, y0 = (int) (fan.apexY() + fan.outerRadius() * 0.5) - side / 2;
        byte[] px = new byte[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(frame.pixels(), (y0 + y) * 640 + x0, px, y * side, side);
        }
        return gray(side, side, px);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static Frame gray(int w, int h, byte[] px) {
        return new Frame(SyntheticFrames.instance(1), 0, w, h, PixelFormat.GRAY8, px);
    }

    private static Frame rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] px = new byte[w * h * 3];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i += 3) {
                int c = img.getRGB(x, y);
                px[i] = (byte) (c >> 16);
                px[i + 1] = (byte) (c >> 8);
                px[i + 2] = (byte) c;
            }
        }
        return new Frame(SyntheticFrames.instance(1), 0, w, h, PixelFormat.RGB8, px);
    }
}
