package org.gbscan.trainer.eval;

import java.util.Objects;

/**
 * How well the heat maps of the BA images point at the findings, with the two references a reader
 * needs to judge the figure (issue 14): a fixed point at the prior (the mean finding centroid), and
 * the same Grad-CAM from a copy of the network with random weights (Adebayo et al. 2018: a saliency
 * method that still "works" there is showing edges, not the model's evidence).
 *
 * @param camStage        the residual stage the heat maps were read from (layer4, layer3, layer2)
 * @param tolerancePx     the tolerance of {@code atTolerance}, prior and random games (original frame pixels)
 * @param atTolerance     arg-max inside the finding masks or within {@code tolerancePx} of them
 * @param strict          arg-max inside the finding masks (0 px)
 * @param priorBaseline   the prior point played at {@code tolerancePx}
 * @param randomWeights   Grad-CAM of the randomised network at {@code tolerancePx}; null when not played
 * @param heatInMask      mean over BA images of sum(heat in mask) / sum(heat); NaN when no map had heat
 * @param heatImages      images the share is averaged over (a map without heat has no share)
 * @param toleranceMm     what {@code tolerancePx} is in millimetres, averaged over the images whose pixel
 *                        spacing is known; null when none is
 * @param toleranceMmMin  smallest of those; null when none
 * @param toleranceMmMax  largest of those; null when none
 * @param prior           the point the prior baseline played
 */
public record PointingGameResult(String camStage, double tolerancePx, Proportion atTolerance, Proportion strict,
                                 Proportion priorBaseline, Proportion randomWeights, double heatInMask, int heatImages,
                                 Double toleranceMm, Double toleranceMmMin, Double toleranceMmMax, FindingPrior prior) {
    public PointingGameResult {
        Objects.requireNonNull(atTolerance, "atTolerance");
        Objects.requireNonNull(strict, "strict");
        Objects.requireNonNull(priorBaseline, "priorBaseline");
        Objects.requireNonNull(prior, "prior");
    }

    /** BA images the game was played on. */
    public int trials() {
        return strict.trials();
    }
}
