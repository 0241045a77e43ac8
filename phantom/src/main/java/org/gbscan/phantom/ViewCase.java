package org.gbscan.phantom;

import java.util.Set;
import org.gbscan.core.dicom.Encoding;
import org.gbscan.core.dicom.Photometric;

/**
 * Everything needed to render one image of a patient, in image pixels. Segments are
 * {@code {x1, y1, x2, y2, radius}}; gas bubbles {@code {cx, cy, rx, ry, surface dB, loss dB}}; dots {@code {x, y, radius, dB}}.
 *
 * @param cord       the triangular cord in this view, or null
 * @param periportal a thin cord-like cuff in a non-BA patient, or null (never masked)
 * @param dx         per-frame tissue motion in pixels (frame 0 is always 0)
 */
record ViewCase(PatientCase patient, int series, int instance, ScanGeometry geometry, Acquisition acquisition,
                GallbladderSpec gallbladder, double gbLengthMm, double[][] portal, double portalWallPx,
                double portalWallDb, Triangle cord, Triangle periportal, double[][] veins, double[][] gas,
                double[][] dots, double[] layersMm, long textureSeed, long speckleSeed, double[] dx, double[] dy,
                Set<Hardness> flags, Photometric photometric, Encoding encoding, boolean colourText, double focusMm,
                String probe, double frequencyMhz, boolean calipers, String bodyMarker) {

    int frames() {
        return dx.length;
    }

    /** False when this view's plane misses the gallbladder: nothing of it is drawn, measured or masked. */
    boolean gallbladderInView() {
        return !flags.contains(Hardness.NOT_IN_VIEW);
    }

    /** Base name of this image's files: patient id, series, instance; unique within a set. */
    String stem() {
        return patient.id() + "_" + series + "_" + instance;
    }

    /** A triangle of echogenic tissue (vertices in pixels, peak echo in dB). */
    record Triangle(double[] xs, double[] ys, double db) {
    }
}
