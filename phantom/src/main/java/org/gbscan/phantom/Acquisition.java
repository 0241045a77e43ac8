package org.gbscan.phantom;

/**
 * Machine settings and tissue physics of one acquisition, all independent of the diagnosis so that no
 * global brightness or noise cue tells the classes apart.
 *
 * @param gainDb             overall gain (0 = liver at mid grey)
 * @param dynamicRangeDb     log-compression range mapped onto 0..255
 * @param attenuationDbPerMm tissue attenuation (round trip)
 * @param tgcSlopeDbPerMm    depth compensation; differs a little from the attenuation, as on a real scanner
 * @param tgcKnotsDb         slider offsets spread evenly over the depth
 * @param noiseDb            electronic noise floor relative to liver
 * @param lateralBlur        speckle grain width (box width in beam lines)
 */
record Acquisition(double gainDb, double dynamicRangeDb, double attenuationDbPerMm, double tgcSlopeDbPerMm,
                   double[] tgcKnotsDb, double noiseDb, int lateralBlur) {

    double tgcDb(double depthMm, double maxDepthMm) {
        double t = Math.max(0, Math.min(1, depthMm / maxDepthMm)) * (tgcKnotsDb.length - 1);
        int k = Math.min((int) t, tgcKnotsDb.length - 2);
        double f = t - k;
        return tgcSlopeDbPerMm * depthMm + tgcKnotsDb[k] * (1 - f) + tgcKnotsDb[k + 1] * f;
    }
}
