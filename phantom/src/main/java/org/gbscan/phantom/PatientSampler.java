package org.gbscan.phantom;

import static org.gbscan.phantom.Seeds.uniform;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.gbscan.core.Patient;

/**
 * Draws phantom patients. The diagnosis and the variant come first; the gallbladder's parameters follow
 * the ghost triad for BA (length &lt; 1.9 cm, incomplete indistinct lining, lobulated contour) and the
 * normal infant gallbladder otherwise, with hard variants whose ranges overlap the other class.
 */
final class PatientSampler {
    private static final String[] FAMILY = {"LI", "WANG", "ZHANG", "CHEN", "LIU", "YANG", "HUANG", "ZHAO", "WU", "ZHOU",
        "SMITH", "GARCIA", "MUELLER", "ROSSI", "NGUYEN", "KIM", "SILVA", "DUBOIS", "KOWALSKI", "OKAFOR", "PATEL", "HANSEN"};
    private static final String[] GIVEN = {"BABY BOY", "BABY GIRL", "MIA", "NOAH", "LEO", "EMMA", "YU", "HAO", "ANA",
        "LUCAS", "SOFIA", "ARJUN", "ZOE", "MING", "ELIAS", "AMARA", "JONAS", "LIN"};

    private final long seed;
    private final double hardFraction;

    PatientSampler(long seed, double hardFraction) {
        this.seed = seed;
        this.hardFraction = hardFraction;
    }

    PatientCase sample(int index, boolean ba) {
        SplittableRandom rng = Seeds.rng(seed, index, 1);
        CaseVariant variant = ba
                ? (rng.nextDouble() < hardFraction ? CaseVariant.NEAR_NORMAL_BA : CaseVariant.BILIARY_ATRESIA)
                : (rng.nextDouble() < hardFraction ? CaseVariant.CONTRACTED_NORMAL : CaseVariant.NORMAL);
        double length, widthRatio, pear, irregularity, wallMm, wallDb, blurMm, completeness, lumenDb;
        boolean layered = false, cord = false;
        double cordThickness = 0, cordDb = 0;
        switch (variant) {
            case NORMAL -> {
                length = uniform(rng, 19.5, 34);
                widthRatio = uniform(rng, 0.32, 0.5);
                pear = uniform(rng, 0.05, 0.3);
                irregularity = uniform(rng, 0, 0.02);
                wallMm = uniform(rng, 0.5, 0.9);
                wallDb = uniform(rng, 15, 20);
                blurMm = 0;
                completeness = 1;
                lumenDb = uniform(rng, -32, -27);
            }
            case CONTRACTED_NORMAL -> {
                length = uniform(rng, 9, 18);
                widthRatio = uniform(rng, 0.32, 0.55);
                pear = uniform(rng, 0, 0.2);
                irregularity = uniform(rng, 0, 0.03);
                wallMm = uniform(rng, 1.6, 3.0);
                wallDb = uniform(rng, 12, 17);
                blurMm = 0;
                completeness = 1;
                layered = rng.nextDouble() < 0.6;
                lumenDb = uniform(rng, -28, -18);
            }
            case BILIARY_ATRESIA -> {
                length = uniform(rng, 5, 16.5);
                widthRatio = uniform(rng, 0.32, 0.7);
                pear = uniform(rng, -0.1, 0.2);
                irregularity = uniform(rng, 0.16, 0.34);
                wallMm = uniform(rng, 1.2, 2.4);
                wallDb = uniform(rng, 10, 16);
                blurMm = uniform(rng, 0.8, 1.6);
                completeness = uniform(rng, 0.3, 0.7);
                lumenDb = uniform(rng, -26, -16);
                cord = rng.nextDouble() < 0.8;
                cordThickness = uniform(rng, 3.5, 6.5);
                cordDb = uniform(rng, 12, 18);
            }
            default -> { // NEAR_NORMAL_BA
                length = uniform(rng, 15, 23);
                widthRatio = uniform(rng, 0.3, 0.5);
                pear = uniform(rng, 0, 0.25);
                irregularity = uniform(rng, 0.05, 0.12);
                wallMm = uniform(rng, 0.5, 1.0);
                wallDb = uniform(rng, 8, 14);
                blurMm = uniform(rng, 0.2, 0.8);
                completeness = uniform(rng, 0.65, 0.9);
                lumenDb = uniform(rng, -30, -22);
                cord = rng.nextDouble() < 0.35;
                cordThickness = uniform(rng, 3.0, 4.5);
                cordDb = uniform(rng, 9, 13);
            }
        }
        boolean periportal = !ba && rng.nextDouble() < hardFraction * 0.5;
        if (periportal) {
            cordThickness = uniform(rng, 1.5, 2.8);
            cordDb = uniform(rng, 6, 10);
        }
        int images = 2 + rng.nextInt(5);
        LocalDate studyDate = LocalDate.of(2025, 1, 1).plusDays(rng.nextInt(540));
        LocalDate birth = studyDate.minusDays(14 + rng.nextInt(100));
        String id = String.format(java.util.Locale.ROOT, "PH%05d", index + 1);
        String name = FAMILY[rng.nextInt(FAMILY.length)] + "^" + GIVEN[rng.nextInt(GIVEN.length)];
        Patient patient = new Patient(id, name, birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE),
                rng.nextBoolean() ? "M" : "F");
        String time = String.format(java.util.Locale.ROOT, "%02d%02d%02d", 8 + rng.nextInt(10), rng.nextInt(60), rng.nextInt(60));
        String accession = String.format(java.util.Locale.ROOT, "A%08d", rng.nextInt(100_000_000));
        return new PatientCase(index, patient, studyDate.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), time,
                accession, variant, images, length, widthRatio, pear, irregularity, wallMm, wallDb, blurMm, completeness,
                layered, lumenDb, cord, cordThickness, cordDb, periportal, rng.nextLong());
    }
}
