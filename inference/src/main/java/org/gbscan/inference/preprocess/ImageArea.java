package org.gbscan.inference.preprocess;

/**
 * Where the ultrasound image itself lies in a frame (the B-mode fan with its holes filled), as the
 * region finder saw it: a coarse keep-grid of {@code cell}-pixel squares. Everything outside is screen
 * background, burned-in text or a depth scale; a heat map has nothing to say there.
 */
public record ImageArea(int cell, int gridWidth, boolean[] keep) {
    public ImageArea {
        if (cell <= 0 || gridWidth <= 0 || keep == null || keep.length % gridWidth != 0) {
            throw new IllegalArgumentException("image area needs a cell size, a grid width and a keep-grid of whole rows");
        }
    }

    /** Whether frame pixel (px, py) lies in the image area. */
    public boolean contains(int px, int py) {
        int cx = px / cell, cy = py / cell;
        return cx < gridWidth && cy < keep.length / gridWidth && keep[cy * gridWidth + cx];
    }
}
