package org.gbscan.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Squeeze-and-excitation (Hu et al. 2018): global average pool, bottleneck of two fully connected
 * layers (as 1x1 convolutions, so the tensor stays N x C x 1 x 1), sigmoid gate per channel.
 */
final class SqueezeExcitation extends AbstractBlock {
    private static final byte VERSION = 1;
    private final Block reduce;
    private final Block expand;

    SqueezeExcitation(int channels, int reduction) {
        super(VERSION);
        int hidden = Math.max(1, channels / reduction);
        reduce = addChildBlock("reduce", pointwise(hidden));
        expand = addChildBlock("expand", pointwise(channels));
    }

    private static Block pointwise(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).optBias(true).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // multi-axis mean is not supported by the PyTorch engine: chain single-axis means
        NDArray rows = x.mean(new int[] {2}, true);
        NDArray squeezed = rows.mean(new int[] {3}, true);
        NDArray reduced = reduce.forward(store, new NDList(squeezed), training).singletonOrThrow();
        NDArray hidden = Activation.relu(reduced);
        NDArray expanded = expand.forward(store, new NDList(hidden), training).singletonOrThrow();
        NDArray gate = Activation.sigmoid(expanded);
        NDArray out = x.mul(gate);
        for (NDArray a : new NDArray[] {rows, squeezed, reduced, hidden, expanded, gate}) {
            ResidualUnit.release(a, training);
        }
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape pooled = new Shape(in.get(0), in.get(1), 1, 1);
        reduce.initialize(manager, dataType, pooled);
        expand.initialize(manager, dataType, reduce.getOutputShapes(new Shape[] {pooled}));
    }
}
