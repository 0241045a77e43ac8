package org.gbscan.trainer.eval;

import org.gbscan.core.HeatMap;

/**
 * Pointing game (Zhang et al. 2016, no tolerance): a hit when the heat map's maximum falls inside the
 * union of the image's finding masks. A heat map of another size than the mask is mapped to the
 * mask's pixel grid by scaling the arg-max position (pixel centres).
 */
public final class PointingGame {
    private int hits;
    private int trials;

    public boolean add(HeatMap heatMap, FindingMask findings) {
        int index = heatMap.argMax();
        int x = index % heatMap.width();
        int y = index / heatMap.width();
        int mx = (int) Math.floor((x + 0.5) * findings.width() / heatMap.width());
        int my = (int) Math.floor((y + 0.5) * findings.height() / heatMap.height());
        boolean hit = findings.contains(mx, my);
        trials++;
        hits += hit ? 1 : 0;
        return hit;
    }

    public Proportion result() {
        return Proportion.wilson(hits, trials);
    }
}
