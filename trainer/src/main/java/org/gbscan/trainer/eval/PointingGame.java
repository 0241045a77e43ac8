package org.gbscan.trainer.eval;

import org.gbscan.core.HeatMap;

/**
 * Pointing game (Zhang et al. 2016): a hit when the heat map's maximum falls inside the union of the
 * image's finding masks, or within {@code tolerancePx} of it (the field's benchmark uses 15 px; 0 is the
 * strict form). Distances are in the mask's pixels, which are the original frame's pixels. A heat map
 * of another size than the mask is mapped to the mask's pixel grid by scaling the arg-max position
 * (pixel centres). A fixed point (a prior baseline) plays the same game through {@link #addPoint}.
 */
public final class PointingGame {
    private final double tolerancePx;
    private int hits;
    private int trials;

    /** The strict game: the maximum must lie inside the mask. */
    public PointingGame() {
        this(0);
    }

    public PointingGame(double tolerancePx) {
        if (!(tolerancePx >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0 pixels, got " + tolerancePx);
        }
        this.tolerancePx = tolerancePx;
    }

    public double tolerancePx() {
        return tolerancePx;
    }

    public boolean add(HeatMap heatMap, FindingMask findings) {
        int index = heatMap.argMax();
        int x = index % heatMap.width();
        int y = index / heatMap.width();
        int mx = (int) Math.floor((x + 0.5) * findings.width() / heatMap.width());
        int my = (int) Math.floor((y + 0.5) * findings.height() / heatMap.height());
        return count(findings.distanceTo(mx, my) <= tolerancePx);
    }

    /** A point given as fractions of the image's width and height (e.g. the training set's mean finding centroid). */
    public boolean addPoint(double xFraction, double yFraction, FindingMask findings) {
        int mx = Math.min(findings.width() - 1, Math.max(0, (int) Math.floor(xFraction * findings.width())));
        int my = Math.min(findings.height() - 1, Math.max(0, (int) Math.floor(yFraction * findings.height())));
        return count(findings.distanceTo(mx, my) <= tolerancePx);
    }

    private boolean count(boolean hit) {
        trials++;
        hits += hit ? 1 : 0;
        return hit;
    }

    public Proportion result() {
        return Proportion.wilson(hits, trials);
    }
}
