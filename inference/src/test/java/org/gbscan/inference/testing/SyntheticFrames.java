package org.gbscan.inference.testing;

import org.gbscan.phantom.Homography;

import java.util.SplittableRandom;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;

/**
 * Test images drawn here (the phantom module is written in parallel): a B-mode sector fan with speckle
 * and an anechoic "gallbladder" on black, burned-in text top-left, a depth scale and caliper marks
 * outside the fan; and a phone photo of it (perspective, grey black level, colour cast, glare).
 */
public final class SyntheticFrames {
    public static final double HALF_ANGLE = Math.toRadians(35);

    private SyntheticFrames() {
    }

    /** Fan geometry of {@link #ultrasound}: apex, inner and outer radius. */
    public record Fan(double apexX, double apexY, double innerRadius, double outerRadius) {
        public double left() {
            return apexX - outerRadius * Math.sin(HALF_ANGLE);
        }

        public double right() {
            return apexX + outerRadius * Math.sin(HALF_ANGLE);
        }

        public double top() {
            return apexY + innerRadius * Math.cos(HALF_ANGLE);
        }

        public double bottom() {
            return apexY + outerRadius;
        }

        public boolean contains(double x, double y) {
            double dx = x - apexX, dy = y - apexY;
            double r = Math.hypot(dx, dy);
            return r >= innerRadius && r <= outerRadius && Math.abs(Math.atan2(dx, dy)) <= HALF_ANGLE;
        }
    }

    public static Fan fanOf(int width, int height) {
        return new Fan(width / 2.0, height * 0.08, height * 0.06, height * 0.86);
    }

    public static StudyRef study() {
        return new StudyRef(Uids.derive("test-study"), Patient.UNKNOWN, "", "", "", "", "");
    }

    public static InstanceRef instance(int number) {
        return new InstanceRef(study(), Uids.derive("test-series"), Uids.derive("test-instance", Integer.toString(number)),
                SopClass.US_IMAGE.uid(), "US", 1, number);
    }

    /** Pixel value used for text, scale and caliper marks (all outside the fan). */
    public static final int MARK = 255;

    public static Frame ultrasound(int width, int height, long seed, int number) {
        byte[] px = new byte[width * height];
        Fan fan = fanOf(width, height);
        SplittableRandom random = new SplittableRandom(seed);
        double gbX = fan.apexX + (random.nextDouble() - 0.5) * 0.3 * width;
        double gbY = fan.apexY + fan.outerRadius * (0.45 + random.nextDouble() * 0.2);
        double gbA = width * (0.05 + random.nextDouble() * 0.05), gbB = height * 0.04;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!fan.contains(x + 0.5, y + 0.5)) {
                    continue;
                }
                double depth = (y - fan.apexY) / fan.outerRadius;
                double v = 95 + 35 * random.nextDouble() - 25 * depth + 20 * (random.nextDouble() - 0.5);
                double ex = (x - gbX) / gbA, ey = (y - gbY) / gbB;
                if (ex * ex + ey * ey < 1) {
                    v = 4 + 6 * random.nextDouble();
                }
                px[y * width + x] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        // burned-in text (glyph-like strokes), top-left and top-right
        drawText(px, width, 6, 4, 12, 18, random);
        drawText(px, width, width - 110, 4, 10, 14, random);
        // depth scale: a vertical line with ticks at the right edge
        int sx = width - 12;
        for (int y = (int) fan.top(); y < height - 6; y++) {
            px[y * width + sx] = (byte) MARK;
            if (y % 25 == 0) {
                for (int x = sx - 5; x < sx; x++) {
                    px[y * width + x] = (byte) MARK;
                }
            }
        }
        // caliper "+" marks in the bottom corners
        cross(px, width, 20, height - 20);
        cross(px, width, 40, height - 30);
        return new Frame(instance(number), 0, width, height, PixelFormat.GRAY8, px);
    }

    private static void drawText(byte[] px, int width, int x0, int y0, int glyphs, int glyphHeight, SplittableRandom random) {
        for (int g = 0; g < glyphs; g++) {
            int gx = x0 + g * 8;
            for (int stroke = 0; stroke < 3; stroke++) {
                boolean vertical = random.nextBoolean();
                int sx = gx + random.nextInt(5), sy = y0 + random.nextInt(glyphHeight - 6);
                for (int k = 0; k < 6; k++) {
                    int x = vertical ? sx : sx + k, y = vertical ? sy + k : sy;
                    px[y * width + x] = (byte) MARK;
                }
            }
        }
    }

    private static void cross(byte[] px, int width, int cx, int cy) {
        for (int k = -4; k <= 4; k++) {
            px[cy * width + cx + k] = (byte) MARK;
            px[(cy + k) * width + cx] = (byte) MARK;
        }
    }

    /**
     * A phone photo of a frame: the screen corners land at the given photo points (perspective), the
     * screen's black is grey (about 35), a warm colour cast, sensor noise and a glare spot on the screen.
     *
     * @param corners photo coordinates of the frame's top-left, top-right, bottom-right, bottom-left corners
     */
    public static Frame phonePhoto(Frame screen, int width, int height, double[][] corners, long seed) {
        Homography toScreen = Homography.between(corners, new double[][] {
                {0, 0}, {screen.width(), 0}, {screen.width(), screen.height()}, {0, screen.height()}});
        SplittableRandom random = new SplittableRandom(seed);
        byte[] rgb = new byte[width * height * 3];
        double glareX = (corners[0][0] + corners[2][0]) / 2 + width * 0.2, glareY = (corners[0][1] + corners[2][1]) / 2 - height * 0.25;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] s = toScreen.apply(x + 0.5, y + 0.5);
                double lum;
                if (s[0] >= 0 && s[1] >= 0 && s[0] < screen.width() && s[1] < screen.height()) {
                    lum = 35 + 0.8 * screen.luminance((int) s[0], (int) s[1]);
                    double g = Math.hypot(x - glareX, y - glareY) / (width * 0.05);
                    lum += 70 * Math.exp(-g * g);
                } else {
                    lum = 12; // dark room around the monitor
                }
                lum += 8 * (random.nextDouble() - 0.5);
                int i = (y * width + x) * 3;
                rgb[i] = (byte) clamp(lum * 1.08);
                rgb[i + 1] = (byte) clamp(lum);
                rgb[i + 2] = (byte) clamp(lum * 0.9);
            }
        }
        return new Frame(screen.source(), 0, width, height, PixelFormat.RGB8, rgb);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
