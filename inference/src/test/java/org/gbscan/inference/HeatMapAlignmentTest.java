package org.gbscan.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.HeatMap;
import org.gbscan.inference.model.Architecture;
import org.gbscan.inference.model.Networks;
import org.gbscan.inference.model.ResNet;
import org.gbscan.inference.preprocess.CropGeometry;
import org.junit.jupiter.api.Test;

/**
 * A Grad-CAM cell must be drawn where the network looked from. Which input pixels feed one cell of
 * the layer-2 map (stride 8) is measured here with the real network's gradient; the heat map must put
 * that cell's value on the middle of those pixels.
 */
class HeatMapAlignmentTest {
    private static final int INPUT = 128;
    private static final int CELL = 8; // an interior cell: its receptive field (99 px) fits in the input

    @Test
    void aLayer2CellIsDrawnOnTheCentreOfThePixelsThatFeedIt() {
        int[] support;
        int grid;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            // the plain network: squeeze-excitation's global pooling lets every pixel scale every cell,
            // while the spatial layout, which is what this is about, comes from the convolutions alone
            ResNet net = Networks.build(Architecture.RESNET, 18, 2);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, INPUT, INPUT));
            ParameterStore store = new ParameterStore(manager, false);
            List<Block> stages = new ArrayList<>(net.features().getChildren().values());
            int upToLayer2 = stages.size() - CamStage.LAYER2.stagesAfter();
            NDArray input = manager.randomUniform(-1f, 1f, new Shape(1, 3, INPUT, INPUT));
            input.setRequiresGradient(true);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDList x = new NDList(input);
                for (int i = 0; i < upToLayer2; i++) {
                    x = stages.get(i).forward(store, x, false);
                }
                NDArray map = x.singletonOrThrow();
                grid = (int) map.getShape().get(3);
                collector.backward(map.get(":, :, " + CELL + ", " + CELL).sum());
            }
            JniUtils.setGradMode(false);
            support = nonZeroBox(input.getGradient().abs().sum(new int[] {1}).toFloatArray());
        }
        assertThat(grid).isEqualTo(INPUT / 8);
        double centreX = (support[0] + support[2]) / 2.0, centreY = (support[1] + support[3]) / 2.0;
        assertThat(centreX).as("receptive field of cell %d spans x %d..%d", CELL, support[0], support[2]).isEqualTo(CELL * 8.0);
        assertThat(centreY).isEqualTo(CELL * 8.0);

        float[] oneHot = new float[grid * grid];
        oneHot[CELL * grid + CELL] = 1f;
        HeatMap heat = CropGeometry.wholeFrame(INPUT, INPUT).toFrameHeatMap(oneHot, grid, grid, INPUT);
        assertThat(heat.argMax() % INPUT).isEqualTo((int) centreX);
        assertThat(heat.argMax() / INPUT).isEqualTo((int) centreY);
    }

    /** {x0, y0, x1, y1} of the pixels with a non-zero value in a square plane. */
    private static int[] nonZeroBox(float[] plane) {
        int x0 = INPUT, y0 = INPUT, x1 = -1, y1 = -1;
        for (int y = 0; y < INPUT; y++) {
            for (int x = 0; x < INPUT; x++) {
                if (plane[y * INPUT + x] != 0f) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x0, y0, x1, y1};
    }
}
