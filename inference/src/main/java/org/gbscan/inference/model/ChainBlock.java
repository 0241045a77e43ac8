package org.gbscan.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that, when not training, closes each intermediate result as soon as the
 * next layer has consumed it. DJL otherwise keeps every intermediate of a forward alive until the
 * batch's manager closes, which for a 50-layer net at batch 16 and 224x224 means gigabytes at peak.
 * In training nothing is closed early (autograd bookkeeping stays DJL's business). Same parameters
 * and file format as a plain SequentialBlock.
 */
final class ChainBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : getChildren().values()) {
            NDList next = child.forward(store, current, training, params);
            if (!training && current != inputs) {
                closeUnless(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the arrays of {@code done} that are not passed on in {@code kept} (an identity layer passes them on). */
    static void closeUnless(NDList done, NDList kept) {
        for (NDArray a : done) {
            if (!kept.contains(a)) {
                a.close();
            }
        }
    }
}
