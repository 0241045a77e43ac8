package org.gbscan.trainer.train;

/**
 * One epoch's figures; validation sensitivity/specificity at the argmax threshold (P(BA) >= 0.5).
 *
 * @param imagesPerSecond training throughput of this epoch (forward + backward + augmentation)
 */
public record EpochResult(int epoch, double learningRate, double trainLoss, double imagesPerSecond,
                          double validationLoss, double validationAuc, double validationSensitivity,
                          double validationSpecificity, double seconds) {
}
