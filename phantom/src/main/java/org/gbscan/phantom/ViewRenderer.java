package org.gbscan.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.dicom.Photometric;

/** Paints a {@link ViewCase} into tissue, forms the B-mode frames, burns in the annotations, cuts the masks. */
final class ViewRenderer {

    /**
     * The rendered image: frames (GRAY8 or RGB8 bytes), the gallbladder mask (null when the plane misses
     * it) and the cord mask (null if none) of frame 0.
     */
    record Rendered(ViewCase view, List<byte[]> frames, PixelFormat format, Mask gallbladder, Mask cord) {
    }

    Rendered render(ViewCase v) {
        ScanGeometry g = v.geometry();
        GallbladderShape shape = new GallbladderShape(v.gallbladder());
        EchoMap map = tissue(v, shape);
        BModeRenderer scanner = new BModeRenderer(g);
        List<byte[]> grey = scanner.render(map, v.acquisition(), new SplittableRandom(v.speckleSeed()), v.dx(), v.dy());
        byte[] overlay = annotations(v).overlay();
        boolean colour = v.photometric() != Photometric.MONOCHROME2;
        SplittableRandom style = new SplittableRandom(v.textureSeed() ^ 0x5DEECE66DL);
        int[] tint = colour && style.nextDouble() < 0.3 ? new int[] {255, 246, 228} : new int[] {255, 255, 255};
        int[][] textColours = {{235, 235, 120}, {150, 235, 150}, {120, 220, 240}};
        int[] text = v.colourText() ? textColours[style.nextInt(textColours.length)] : new int[] {255, 255, 255};
        List<byte[]> frames = new ArrayList<>(grey.size());
        for (byte[] f : grey) {
            frames.add(colour ? toRgb(f, overlay, tint, text) : burnIn(f, overlay));
        }
        Mask fan = scanner.fanMask();
        Mask gb = v.gallbladderInView() ? shape.mask(g) : null;
        Mask cord = v.cord() == null ? null : cordMask(v.cord(), g, gb, fan);
        return new Rendered(v, frames, colour ? PixelFormat.RGB8 : PixelFormat.GRAY8, gb, cord);
    }

    private static EchoMap tissue(ViewCase v, GallbladderShape shape) {
        ScanGeometry g = v.geometry();
        double mm = g.mmPerPx();
        EchoMap map = new EchoMap(g.width(), g.height(), (float) v.acquisition().attenuationDbPerMm());
        SplittableRandom rng = new SplittableRandom(v.textureSeed());
        map.addTexture(rng, 7 / mm, 2.2);
        map.addTexture(rng, 2 / mm, 1.3);
        abdominalWall(map, g, v.layersMm());
        for (double[] d : v.dots()) {
            map.addDot(d[0], d[1], d[2], d[3]);
        }
        for (double[] s : v.veins()) {
            map.addTubes(new double[][] {s}, 0.4 / mm, 2, -26); // hepatic veins: dark, thin walls
        }
        if (v.periportal() != null) {
            map.addTriangle(v.periportal().xs(), v.periportal().ys(), v.periportal().db(), 0.6 / mm, rng);
        }
        if (v.cord() != null) {
            map.addTriangle(v.cord().xs(), v.cord().ys(), v.cord().db(), 0.5 / mm, rng);
        }
        map.addTubes(v.portal(), v.portalWallPx(), v.portalWallDb(), -30);
        if (v.gallbladderInView()) {
            shape.paint(map);
        }
        for (double[] gas : v.gas()) {
            map.addGas(gas[0], gas[1], gas[2], gas[3], gas[4], gas[5], mm);
        }
        return map;
    }

    /** Skin, subcutaneous fat, muscle (striated) and the liver capsule as arcs below the probe. */
    private static void abdominalWall(EchoMap map, ScanGeometry g, double[] layers) {
        double skin = layers[0], fat = skin + layers[1], muscle = fat + layers[2], capsule = muscle + layers[3];
        int lastRow = (int) Math.min(g.height() - 1, g.apexY() + g.r0() + (capsule + 1) / g.mmPerPx() + 1);
        for (int y = 0; y <= lastRow; y++) {
            for (int x = 0; x < g.width(); x++) {
                double d = (g.radius(x, y) - g.r0()) * g.mmPerPx();
                if (d > capsule + 1) {
                    continue;
                }
                double add;
                if (d < skin) {
                    add = 11;
                } else if (d < fat) {
                    add = -9;
                } else if (d < muscle) {
                    add = -5 + 4 * Math.cos(2 * Math.PI * (d - fat) / 0.9);
                } else if (d < capsule) {
                    add = 8;
                } else {
                    add = 8 * (capsule + 1 - d);
                }
                map.echoDb[y * g.width() + x] += (float) add;
            }
        }
    }

    private static Annotations annotations(ViewCase v) {
        ScanGeometry g = v.geometry();
        PatientCase p = v.patient();
        Annotations a = new Annotations(g);
        String date = p.studyDate();
        a.header("CHILDRENS HOSPITAL US2", p.patient().name(), p.id(),
                date.substring(0, 4) + "/" + date.substring(4, 6) + "/" + date.substring(6) + " "
                        + p.studyTime().substring(0, 2) + ":" + p.studyTime().substring(2, 4));
        a.settings(v.probe(), v.frequencyMhz(), v.acquisition().gainDb(), v.acquisition().dynamicRangeDb(), 20 + (int) (v.frequencyMhz() * 3));
        a.depthScale(v.focusMm());
        a.bodyMarker(v.bodyMarker() + (v.frames() > 1 ? String.format(Locale.ROOT, " CINE %d", v.frames()) : ""));
        if (v.calipers() && v.gallbladderInView()) {
            GallbladderSpec gb = v.gallbladder();
            double c = Math.cos(gb.angle()), s = Math.sin(gb.angle());
            double r = gb.halfLengthPx();
            double grow = 1;
            for (double amp : gb.amplitudes()) {
                grow += amp;
            }
            double below = gb.cy() + (Math.abs(r * s) + Math.abs(gb.halfWidthPx() * (1 + Math.abs(gb.pear())) * c)) * grow + gb.wallPx();
            a.calipers(gb.cx() - r * c, gb.cy() - r * s, gb.cx() + r * c, gb.cy() + r * s, below, v.gbLengthMm());
        }
        return a;
    }

    private static byte[] burnIn(byte[] grey, byte[] overlay) {
        byte[] out = grey.clone();
        for (int i = 0; i < out.length; i++) {
            if (overlay[i] != 0) {
                out[i] = overlay[i];
            }
        }
        return out;
    }

    private static byte[] toRgb(byte[] grey, byte[] overlay, int[] tint, int[] text) {
        byte[] out = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            int o = overlay[i] & 0xff;
            int[] c = o != 0 ? text : tint;
            int v = o != 0 ? o : grey[i] & 0xff;
            out[3 * i] = (byte) (v * c[0] / 255);
            out[3 * i + 1] = (byte) (v * c[1] / 255);
            out[3 * i + 2] = (byte) (v * c[2] / 255);
        }
        return out;
    }

    /** The cord triangle inside the fan and outside the gallbladder. */
    private static Mask cordMask(ViewCase.Triangle t, ScanGeometry g, Mask gb, Mask fan) {
        byte[] m = new byte[g.width() * g.height()];
        int x0 = Math.max(0, (int) Math.min(t.xs()[0], Math.min(t.xs()[1], t.xs()[2])));
        int x1 = Math.min(g.width() - 1, (int) Math.max(t.xs()[0], Math.max(t.xs()[1], t.xs()[2])) + 1);
        int y0 = Math.max(0, (int) Math.min(t.ys()[0], Math.min(t.ys()[1], t.ys()[2])));
        int y1 = Math.min(g.height() - 1, (int) Math.max(t.ys()[0], Math.max(t.ys()[1], t.ys()[2])) + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int i = y * g.width() + x;
                if (Geometry2d.triangleInsideDistance(x, y, t.xs(), t.ys()) >= 0 && fan.values()[i] != 0 && gb.values()[i] == 0) {
                    m[i] = (byte) 255;
                }
            }
        }
        return new Mask(g.width(), g.height(), m);
    }
}
