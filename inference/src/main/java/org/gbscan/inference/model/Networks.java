package org.gbscan.inference.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Map;
import org.gbscan.inference.DjlEnvironment;

/**
 * Builds ResNet and SE-ResNet as DJL blocks, laid out like torchvision's ResNet v1.5 (stride on the
 * 3x3 convolution of a bottleneck): depth 18/34 use basic blocks (ResNet-18 has 11.69M parameters
 * with a 1000-class head), 50/101/152 use bottlenecks. DJL's own ResNetV1 is not used: below 50
 * layers it builds bottlenecks too, which is not ResNet-18.
 */
public final class Networks {
    static {
        DjlEnvironment.ensureOffline();
    }

    /** Squeeze-and-excitation reduction ratio of the SE-ResNet paper. */
    public static final int SE_REDUCTION = 16;
    public static final String ENGINE = "PyTorch";

    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final Map<Integer, int[]> BLOCKS_PER_STAGE = Map.of(
            18, new int[] {2, 2, 2, 2},
            34, new int[] {3, 4, 6, 3},
            50, new int[] {3, 4, 6, 3},
            101, new int[] {3, 4, 23, 3},
            152, new int[] {3, 8, 36, 3});

    private Networks() {
    }

    public static boolean isSupportedDepth(int depth) {
        return BLOCKS_PER_STAGE.containsKey(depth);
    }

    /** An uninitialised torchvision-shaped network (ImageNet stem, width 64, output stride 32). */
    public static ResNet build(Architecture architecture, int depth, int numClasses) {
        return build(architecture, depth, numClasses, Stem.IMAGENET, 64, 32);
    }

    /** The network a model card describes. */
    public static ResNet build(ModelCard card) {
        return build(card.architecture(), card.depth(), card.classes().size(), card.stem(), card.baseWidth(), card.outputStride());
    }

    /**
     * An uninitialised network taking N x 3 x H x W and returning N x numClasses logits.
     *
     * @param baseWidth    channels of layer1; each later stage doubles them (64 as torchvision)
     * @param outputStride 32 as torchvision; 16 keeps layer4 at layer3's resolution and 8 keeps layer3 and
     *                     layer4 at layer2's, replacing their stride by dilation (DeepLab, DRN) so the
     *                     receptive field stays and the class map gets finer
     */
    public static ResNet build(Architecture architecture, int depth, int numClasses, Stem stem, int baseWidth, int outputStride) {
        int[] blocks = BLOCKS_PER_STAGE.get(depth);
        if (blocks == null) {
            throw new IllegalArgumentException("depth must be one of 18, 34, 50, 101, 152, got " + depth);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
            throw new IllegalArgumentException("output stride must be 8, 16 or 32, got " + outputStride);
        }
        boolean bottleneck = depth >= 50;
        boolean se = architecture == Architecture.SE_RESNET;
        int expansion = bottleneck ? 4 : 1;
        // stages (0-based) whose stride becomes dilation: 16 -> layer4, 8 -> layer3 and layer4
        int firstDilated = outputStride == 32 ? WIDTHS.length : outputStride == 16 ? 3 : 2;

        SequentialBlock features = new ChainBlock();
        if (stem == Stem.COMPACT) {
            features.add(conv(baseWidth, 3, 1, 1, 1));
        } else {
            features.add(conv(baseWidth, 7, 2, 3, 1));
        }
        features.add(batchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int inChannels = baseWidth;
        int dilation = 1;
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            SequentialBlock layer = new ChainBlock();
            int width = WIDTHS[stage] / 64 * baseWidth;
            int stageStride = stage > 0 ? 2 : 1;
            int firstDilation = dilation;
            if (stage >= firstDilated) {
                stageStride = 1;
                dilation *= 2;
            }
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = i == 0 ? stageStride : 1;
                // as torchvision: a stage's first block keeps the previous dilation, the rest use the new one
                int d = i == 0 ? firstDilation : dilation;
                int outChannels = width * expansion;
                Block body = bottleneck ? bottleneckBody(width, outChannels, stride, d) : basicBody(width, stride, d, dilation);
                Block excitation = se ? new SqueezeExcitation(outChannels, Math.min(SE_REDUCTION, Math.max(1, outChannels / 4))) : null;
                Block shortcut = (stride != 1 || inChannels != outChannels)
                        ? new ChainBlock().add(conv(outChannels, 1, stride, 0, 1)).add(batchNorm())
                        : null;
                layer.add(new ResidualUnit(body, excitation, shortcut));
                inChannels = outChannels;
            }
            features.add(layer);
        }
        SequentialBlock head = new ChainBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        return new ResNet(features, head);
    }

    /** A DJL model (PyTorch engine) holding a freshly built, uninitialised network for this card. */
    public static Model newModel(ModelCard card, Device device) {
        Model model = Model.newInstance(card.name(), device, ENGINE);
        model.setBlock(build(card));
        return model;
    }

    /** Random initial weights (DJL's default initialisers), for a model that will be trained or tested. */
    public static void initialize(Model model, ModelCard card) {
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShape(card, 1));
    }

    public static Shape inputShape(ModelCard card, int batch) {
        return new Shape(batch, card.channels(), card.inputSize(), card.inputSize());
    }

    /** Trainable parameters only: BatchNorm running statistics are DJL parameters too, but not learned. */
    public static long trainableParameterCount(Block block) {
        long total = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                total += p.getArray().getShape().size();
            }
        }
        return total;
    }

    private static Block basicBody(int width, int stride, int firstDilation, int dilation) {
        return new ChainBlock()
                .add(conv(width, 3, stride, firstDilation, firstDilation)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(width, 3, 1, dilation, dilation)).add(batchNorm());
    }

    private static Block bottleneckBody(int width, int outChannels, int stride, int dilation) {
        return new ChainBlock()
                .add(conv(width, 1, 1, 0, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(width, 3, stride, dilation, dilation)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(outChannels, 1, 1, 0, 1)).add(batchNorm());
    }

    /** "Same" padding for a 3x3 kernel is its dilation. */
    private static Block conv(int filters, int kernel, int stride, int padding, int dilation) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().build();
    }
}
