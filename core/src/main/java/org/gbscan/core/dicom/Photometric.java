package org.gbscan.core.dicom;

/** Photometric interpretations gbscan decodes (PS3.3 C.7.6.3.1.2) and can write. */
public enum Photometric {
    MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422, PALETTE_COLOR;

    public String dicomName() {
        return this == PALETTE_COLOR ? "PALETTE COLOR" : name();
    }

    public static Photometric ofDicomName(String name) throws BadDicomException {
        String n = name.trim();
        for (Photometric p : values()) {
            if (p.dicomName().equals(n)) {
                return p;
            }
        }
        throw new BadDicomException("photometric interpretation '" + n + "' is not supported"
                + " (supported: MONOCHROME1/2, RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR)");
    }

    public int samplesPerPixel() {
        return this == MONOCHROME1 || this == MONOCHROME2 || this == PALETTE_COLOR ? 1 : 3;
    }
}
