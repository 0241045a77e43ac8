package org.gbscan.inference.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A classification network split in two named halves so Grad-CAM can stop between them:
 * {@link #features()} (stem .. layer4, output N x C x h x w) and {@link #head()} (global average
 * pool + linear, output N x classes logits).
 */
public final class ResNet extends AbstractBlock {
    private static final byte VERSION = 1;
    private final Block features;
    private final Block head;

    ResNet(Block features, Block head) {
        super(VERSION);
        this.features = addChildBlock("features", features);
        this.head = addChildBlock("head", head);
    }

    public Block features() {
        return features;
    }

    public Block head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return head.forward(store, features.forward(store, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(features.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, features.getOutputShapes(inputShapes));
    }
}
