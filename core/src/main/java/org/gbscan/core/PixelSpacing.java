package org.gbscan.core;

/** Physical size of one pixel in millimetres (row spacing = vertical, column spacing = horizontal). */
public record PixelSpacing(double rowMm, double columnMm) {
    public PixelSpacing {
        if (!(rowMm > 0) || !(columnMm > 0)) {
            throw new IllegalArgumentException("pixel spacing must be positive, got " + rowMm + "\\" + columnMm);
        }
    }

    /** The spacing of an image enlarged by a whole factor (each pixel becomes factor x factor pixels). */
    public PixelSpacing dividedBy(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("enlargement factor must be >= 1, got " + factor);
        }
        return new PixelSpacing(rowMm / factor, columnMm / factor);
    }
}
