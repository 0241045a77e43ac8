package org.gbscan.core.dicom;

/** Which frames of a cine loop to decode: evenly spaced, so a long loop costs as much as a short one. */
public final class FrameSelection {
    private FrameSelection() {
    }

    /**
     * @param total frames in the instance
     * @param max   how many to take; 0 or less means all
     * @return ascending, distinct frame indices at the centres of {@code max} equal segments
     */
    public static int[] evenlySpaced(int total, int max) {
        int n = max <= 0 ? total : Math.min(max, total);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == total ? i : (int) Math.floor((i + 0.5) * total / n);
        }
        return out;
    }
}
