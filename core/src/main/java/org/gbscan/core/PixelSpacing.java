package org.gbscan.core;

/** Physical size of one pixel in millimetres (row spacing = vertical, column spacing = horizontal). */
public record PixelSpacing(double rowMm, double columnMm) {
    public PixelSpacing {
        if (!(rowMm > 0) || !(columnMm > 0)) {
            throw new IllegalArgumentException("pixel spacing must be positive, got " + rowMm + "\\" + columnMm);
        }
    }
}
