package org.gbscan.trainer.eval;

import org.gbscan.core.HeatMap;
import org.gbscan.core.PixelSpacing;

/**
 * Plays every localisation measure of {@link PointingGameResult} on one BA image at a time: the
 * pointing game at 0 px and at the tolerance, the prior point, the randomised network's map, and the
 * share of heat inside the mask.
 */
public final class LocalisationGames {
    /** The tolerance of the field's benchmark (TorchRay's pointing game), in original frame pixels. */
    public static final double TOLERANCE_PX = 15;

    private final String camStage;
    private final FindingPrior prior;
    private final PointingGame strict = new PointingGame(0);
    private final PointingGame atTolerance = new PointingGame(TOLERANCE_PX);
    private final PointingGame priorGame = new PointingGame(TOLERANCE_PX);
    private final PointingGame randomGame = new PointingGame(TOLERANCE_PX);
    private double shareSum;
    private int shareImages;
    private double mmSum;
    private double mmMin = Double.POSITIVE_INFINITY;
    private double mmMax = Double.NEGATIVE_INFINITY;
    private int mmImages;

    public LocalisationGames(String camStage, FindingPrior prior) {
        this.camStage = camStage;
        this.prior = prior;
    }

    /**
     * @param heat    the trained model's map
     * @param random  the randomised network's map of the same frame; null when that check is not run
     * @param spacing the frame's pixel spacing; null when unknown
     */
    public void add(HeatMap heat, HeatMap random, FindingMask mask, PixelSpacing spacing) {
        strict.add(heat, mask);
        atTolerance.add(heat, mask);
        priorGame.addPoint(prior.xFraction(), prior.yFraction(), mask);
        if (random != null) {
            randomGame.add(random, mask);
        }
        double share = heatShare(heat, mask);
        if (!Double.isNaN(share)) {
            shareSum += share;
            shareImages++;
        }
        if (spacing != null) {
            double mm = TOLERANCE_PX * (spacing.rowMm() + spacing.columnMm()) / 2;
            mmSum += mm;
            mmMin = Math.min(mmMin, mm);
            mmMax = Math.max(mmMax, mm);
            mmImages++;
        }
    }

    /** sum(heat in mask) / sum(heat), each heat pixel mapped to the mask's grid by its centre; NaN for a map without heat. */
    public static double heatShare(HeatMap heat, FindingMask mask) {
        double inside = 0;
        double total = 0;
        float[] v = heat.values();
        for (int y = 0; y < heat.height(); y++) {
            int my = (int) Math.floor((y + 0.5) * mask.height() / heat.height());
            for (int x = 0; x < heat.width(); x++) {
                float h = v[y * heat.width() + x];
                if (h <= 0) {
                    continue;
                }
                total += h;
                if (mask.contains((int) Math.floor((x + 0.5) * mask.width() / heat.width()), my)) {
                    inside += h;
                }
            }
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    public int trials() {
        return strict.result().trials();
    }

    public PointingGameResult result() {
        Proportion random = randomGame.result().trials() > 0 ? randomGame.result() : null;
        return new PointingGameResult(camStage, TOLERANCE_PX, atTolerance.result(), strict.result(), priorGame.result(), random,
                shareImages == 0 ? Double.NaN : shareSum / shareImages, shareImages,
                mmImages == 0 ? null : mmSum / mmImages, mmImages == 0 ? null : mmMin, mmImages == 0 ? null : mmMax, prior);
    }
}
