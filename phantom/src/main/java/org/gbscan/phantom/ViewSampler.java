package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.gbscan.core.Label;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.Photometric;

/**
 * Draws one view of a patient: probe geometry and machine settings (independent of the diagnosis), the
 * gallbladder placed inside the fan (or, in some non-BA views, out of the scan plane), the portal vein bifurcation beside it with the triangular cord
 * anterior to it when the patient has one, hepatic veins, portal tracts, gas, and how the file is stored.
 */
final class ViewSampler {
    private static final String[] PROBES = {"C8-5", "C9-2", "8C1", "C5-2", "MC9-4"};
    private static final String[] MARKERS = {"GB LONG", "GB TRANS", "RUQ", "LIVER GB"};
    /**
     * Share of non-BA views whose plane misses the gallbladder, per unit of hard fraction (0.25 at the
     * default 0.2). Without such views "no large smooth gallbladder" alone would mean BA, and a model
     * could learn BA as an absence that no heat map can show.
     */
    static final double NOT_IN_VIEW_PER_HARD = 1.25;

    private final long seed;
    private final double hardFraction;
    private final int width;
    private final int height;

    ViewSampler(long seed, double hardFraction, int width, int height) {
        this.seed = seed;
        this.hardFraction = hardFraction;
        this.width = width;
        this.height = height;
    }

    ViewCase sample(PatientCase p, int imageIndex, int series, int instance, int frames) {
        SplittableRandom rng = Seeds.rng(seed, p.index(), imageIndex, 2);
        EnumSet<Hardness> flags = EnumSet.noneOf(Hardness.class);
        ScanGeometry g = geometry(rng);
        Acquisition acq = acquisition(rng, g, flags);
        double mm = g.mmPerPx();
        boolean faint = rng.nextDouble() < hardFraction * 0.35;
        if (faint) {
            flags.add(Hardness.FAINT);
        }
        GallbladderPlacer.Placed gb = new GallbladderPlacer(g, rng).place(p, faint);
        GallbladderShape shape = new GallbladderShape(gb.spec());
        if (p.variant() == CaseVariant.CONTRACTED_NORMAL) {
            flags.add(Hardness.CONTRACTED_NORMAL);
        } else if (p.variant() == CaseVariant.NEAR_NORMAL_BA) {
            flags.add(Hardness.NEAR_NORMAL_BA);
        }

        // Its own stream, so every other draw of the view stays as it was.
        if (p.label() == Label.NON_BA && Seeds.rng(seed, p.index(), imageIndex, 5).nextDouble() < hardFraction * NOT_IN_VIEW_PER_HARD) {
            flags.add(Hardness.NOT_IN_VIEW);
        }
        PortalVein portal = PortalVein.place(g, rng, gb.spec(), shape);
        ViewCase.Triangle cord = null, periportal = null;
        if (p.cordSign() && rng.nextDouble() < 0.85) {
            cord = portal.cord(g, rng, p.cordThicknessMm() * uniform(rng, 0.9, 1.1), p.cordDb() * uniform(rng, 0.85, 1.1));
        } else if (p.label() == Label.BA) {
            flags.add(Hardness.NO_CORD_SIGN);
        }
        if (p.periportalEcho() && rng.nextDouble() < 0.8) {
            periportal = portal.cord(g, rng, p.cordThicknessMm(), p.cordDb());
            flags.add(Hardness.PERIPORTAL_ECHO);
        }

        Surroundings s = new Surroundings(g, rng);
        double[][] veins = s.veins(gb.spec(), shape, portal.bifurcationX(), portal.bifurcationY());
        double[][] dots = s.dots();
        List<double[]> gas = new ArrayList<>();
        if (rng.nextDouble() < hardFraction * 0.35) {
            double[] hiding = s.gasOver(gb.spec(), gb.depthMm(), gb.extentMm());
            if (hiding != null) {
                gas.add(hiding);
                flags.add(Hardness.PARTLY_HIDDEN);
            }
        }
        if (rng.nextDouble() < 0.35) {
            gas.add(s.deepGas(gb.depthMm() + gb.extentMm()));
        }
        double[] layers = {uniform(rng, 0.4, 0.8), uniform(rng, 1, 3), uniform(rng, 1.5, 4), 0.5};

        double[] dx = new double[frames], dy = new double[frames];
        double amplitude = uniform(rng, 0.8, 2.5), cycles = uniform(rng, 0.6, 1.2);
        for (int k = 0; k < frames; k++) {
            double phase = 2 * Math.PI * cycles * k / frames;
            dx[k] = 0.4 * amplitude * Math.sin(phase);
            dy[k] = amplitude * Math.sin(phase);
        }
        double pick = rng.nextDouble();
        Photometric photometric = pick < 0.74 ? Photometric.MONOCHROME2 : pick < 0.87 ? Photometric.RGB : Photometric.YBR_FULL_422;
        Encoding encoding = (pick >= 0.68 && pick < 0.74) || pick >= 0.87 ? Encoding.JPEG_BASELINE : Encoding.EXPLICIT_VR_LITTLE_ENDIAN;
        boolean colourText = photometric != Photometric.MONOCHROME2 && rng.nextDouble() < 0.7;
        double focus = Math.min(g.depthMm() * 0.9, gb.depthMm() + uniform(rng, -5, 8));
        String probe = PROBES[rng.nextInt(PROBES.length)];
        return new ViewCase(p, series, instance, g, acq, gb.spec(), gb.lengthMm(), portal.segments(), portal.wallPx(),
                portal.wallDb(), cord, periportal, veins, gas.toArray(new double[0][]), dots, layers, rng.nextLong(),
                rng.nextLong(), dx, dy, flags, photometric, encoding, colourText, focus, probe, uniform(rng, 5, 9),
                rng.nextDouble() < 0.6, MARKERS[rng.nextInt(MARKERS.length)]);
    }

    private ScanGeometry geometry(SplittableRandom rng) {
        double depthMm = uniform(rng, 40, 75);
        double top = Math.round(0.08 * height), bottom = Math.round(0.04 * height);
        double depthPx = height - top - bottom;
        double r0 = uniform(rng, 0.12, 0.35) * height;
        double r1 = r0 + depthPx;
        double half = Math.min(uniform(rng, 0.5, 0.7), Math.asin((0.43 * width) / r1));
        double mmPerPx = Math.round(depthMm / depthPx * 1e5) / 1e5; // a calibration as a scanner would state it
        return new ScanGeometry(width, height, width / 2.0, top - r0, r0, r1, half, mmPerPx);
    }

    private static Acquisition acquisition(SplittableRandom rng, ScanGeometry g, EnumSet<Hardness> flags) {
        double gain = uniform(rng, -6, 6);
        double attenuation = uniform(rng, 0.45, 0.75);
        double[] knots = new double[6];
        for (int k = 0; k < knots.length; k++) {
            knots[k] = uniform(rng, -2.5, 2.5);
        }
        double noise = uniform(rng, -34, -20);
        if (gain < -4) {
            flags.add(Hardness.LOW_GAIN);
        } else if (gain > 4) {
            flags.add(Hardness.HIGH_GAIN);
        }
        if (g.depthMm() > 65) {
            flags.add(Hardness.DEEP);
        }
        if (noise > -24) {
            flags.add(Hardness.NOISY);
        }
        return new Acquisition(gain, uniform(rng, 48, 66), attenuation, attenuation * uniform(rng, 0.85, 1.1), knots,
                noise, 3 + rng.nextInt(3));
    }
}
