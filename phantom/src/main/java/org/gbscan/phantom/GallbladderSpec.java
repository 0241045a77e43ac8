package org.gbscan.phantom;

/**
 * One view of a gallbladder in image pixels. {@code amplitudes[h]} scales harmonic {@code harmonics[h]}
 * of the contour (their sum is the irregularity); gaps are angles (radians, in the organ's frame)
 * where the mucosal lining is missing.
 */
record GallbladderSpec(double cx, double cy, double halfLengthPx, double halfWidthPx, double angle, double pear,
                       double[] amplitudes, int[] harmonics, double[] phases,
                       double wallPx, double wallDb, double blurPx, boolean layered,
                       double[] gapCenters, double[] gapHalfWidths, double lumenDb) {
}
