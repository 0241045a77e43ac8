package org.gbscan.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightedCrossEntropyTest {

    @Test
    void weighsEachCaseByItsClassAndNormalisesByTheWeightSum() {
        // case 1: logits (0, 0), label 0 (BA): -log(1/2) = ln 2 = 0.693147, weight 5
        // case 2: logits (ln 3, 0), label 1: softmax (3/4, 1/4) -> -log(1/4) = ln 4 = 1.386294, weight 1
        // loss = (5 * 0.693147 + 1 * 1.386294) / (5 + 1) = 4.852030 / 6 = 0.808672
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[]{0f, 0f, (float) Math.log(3), 0f}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray labels = m.create(new long[]{0, 1});
            float loss = new WeightedCrossEntropy(new float[]{5f, 1f}).evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertThat((double) loss).isCloseTo(0.808672, within(1e-5));
        }
    }

    @Test
    void equalWeightsGiveThePlainMeanCrossEntropy() {
        // (ln 2 + ln 4) / 2 = (0.693147 + 1.386294) / 2 = 1.039721
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[]{0f, 0f, (float) Math.log(3), 0f}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray labels = m.create(new long[]{0, 1});
            float loss = new WeightedCrossEntropy(new float[]{1f, 1f}).evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertThat((double) loss).isCloseTo(1.039721, within(1e-5));
        }
    }
}
