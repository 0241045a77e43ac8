package org.gbscan.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One residual block: relu(se(body(x)) + shortcut(x)); the shortcut is the identity unless shapes change. */
final class ResidualUnit extends AbstractBlock {
    private static final byte VERSION = 1;
    private final Block body;
    private final Block excitation;
    private final Block shortcut;

    ResidualUnit(Block body, Block excitation, Block shortcut) {
        super(VERSION);
        this.body = addChildBlock("body", body);
        this.excitation = excitation == null ? null : addChildBlock("se", excitation);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray out = body.forward(store, inputs, training).singletonOrThrow();
        if (excitation != null) {
            NDArray gated = excitation.forward(store, new NDList(out), training).singletonOrThrow();
            release(out, training);
            out = gated;
        }
        NDArray identity = shortcut == null ? inputs.singletonOrThrow() : shortcut.forward(store, inputs, training).singletonOrThrow();
        NDArray sum = out.add(identity);
        release(out, training);
        if (shortcut != null) {
            release(identity, training);
        }
        NDArray result = Activation.relu(sum);
        release(sum, training);
        return new NDList(result);
    }

    /** Frees an intermediate at once when not training (see {@link ChainBlock}). */
    static void release(NDArray intermediate, boolean training) {
        if (!training) {
            intermediate.close();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return body.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        if (excitation != null) {
            excitation.initialize(manager, dataType, body.getOutputShapes(inputShapes));
        }
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
