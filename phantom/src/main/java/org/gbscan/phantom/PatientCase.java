package org.gbscan.phantom;

import org.gbscan.core.Label;
import org.gbscan.core.Patient;

/**
 * One phantom patient: identity, diagnosis and the gallbladder every view of this patient shares
 * (views vary size, orientation and position a little around it). Lengths in mm, echoes in dB
 * relative to liver.
 */
record PatientCase(int index, Patient patient, String studyDate, String studyTime, String accession,
                   CaseVariant variant, int images, double lengthMm, double widthRatio, double pear,
                   double irregularity, double wallMm, double wallDb, double blurMm, double completeness,
                   boolean layeredWall, double lumenDb, boolean cordSign, double cordThicknessMm, double cordDb,
                   boolean periportalEcho, long shapeSeed) {

    Label label() {
        return variant.label();
    }

    String id() {
        return patient.id();
    }
}
