package org.gbscan.trainer.train;

/**
 * The study's checkpoint choice: after the warm-up epochs, the epoch with the best validation BA
 * sensitivity among those whose validation specificity reaches the floor (ties: higher AUC, then the
 * earlier epoch); when no epoch qualifies, the epoch with the best validation AUC after warm-up (all
 * epochs when training is shorter than the warm-up).
 */
public final class CheckpointSelector {
    /** Which rule picked the final model. */
    public enum Rule { SENSITIVITY_AT_SPECIFICITY_FLOOR, BEST_AUC_FALLBACK }

    public enum Verdict { NONE, NEW_BEST_BY_RULE, NEW_BEST_AUC, BOTH }

    private final int warmupEpochs;
    private final double specificityFloor;
    private EpochResult bestByRule;
    private EpochResult bestAuc;

    public CheckpointSelector(int warmupEpochs, double specificityFloor) {
        this.warmupEpochs = warmupEpochs;
        this.specificityFloor = specificityFloor;
    }

    /** Restores the selector from earlier epochs (resume). */
    public void replay(Iterable<EpochResult> history, int totalEpochs) {
        for (EpochResult r : history) {
            offer(r, totalEpochs);
        }
    }

    /** Considers an epoch; says which saved checkpoints it replaces. */
    public Verdict offer(EpochResult r, int totalEpochs) {
        boolean afterWarmup = r.epoch() > warmupEpochs || totalEpochs <= warmupEpochs;
        if (!afterWarmup) {
            return Verdict.NONE;
        }
        boolean rule = r.validationSpecificity() >= specificityFloor && better(r, bestByRule);
        boolean auc = !Double.isNaN(r.validationAuc()) && (bestAuc == null || r.validationAuc() > bestAuc.validationAuc());
        if (rule) {
            bestByRule = r;
        }
        if (auc) {
            bestAuc = r;
        }
        return rule && auc ? Verdict.BOTH : rule ? Verdict.NEW_BEST_BY_RULE : auc ? Verdict.NEW_BEST_AUC : Verdict.NONE;
    }

    private static boolean better(EpochResult r, EpochResult best) {
        if (best == null) {
            return true;
        }
        if (r.validationSensitivity() != best.validationSensitivity()) {
            return r.validationSensitivity() > best.validationSensitivity();
        }
        return r.validationAuc() > best.validationAuc();
    }

    public Rule chosenRule() {
        return bestByRule != null ? Rule.SENSITIVITY_AT_SPECIFICITY_FLOOR : Rule.BEST_AUC_FALLBACK;
    }

    /** The chosen epoch, or null before any epoch after warm-up. */
    public EpochResult chosen() {
        return bestByRule != null ? bestByRule : bestAuc;
    }

    public double specificityFloor() {
        return specificityFloor;
    }

    public int warmupEpochs() {
        return warmupEpochs;
    }
}
