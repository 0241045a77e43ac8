package org.gbscan.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void resNet18IsTheRealBasicBlockNetworkWithTorchvisionsParameterCount() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            ResNet net = Networks.build(Architecture.RESNET, 18, 1000);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertThat(Networks.trainableParameterCount(net)).isEqualTo(11_689_512L);
        }
    }

    @Test
    void resNet50HasTorchvisionsParameterCount() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            ResNet net = Networks.build(Architecture.RESNET, 50, 1000);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertThat(Networks.trainableParameterCount(net)).isEqualTo(25_557_032L);
        }
    }

    @Test
    void squeezeExcitationAddsTwoSmallLayersPerResidualBlock() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            ResNet plain = Networks.build(Architecture.RESNET, 18, 2);
            ResNet se = Networks.build(Architecture.SE_RESNET, 18, 2);
            plain.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            se.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            // per block with C channels: C*(C/16) + C/16 + (C/16)*C + C; two blocks per stage
            long expectedExtra = 0;
            for (int c : new int[] {64, 128, 256, 512}) {
                expectedExtra += 2L * (2L * c * (c / 16) + c / 16 + c);
            }
            assertThat(Networks.trainableParameterCount(se) - Networks.trainableParameterCount(plain)).isEqualTo(expectedExtra);
        }
    }

    @Test
    void splitsIntoFeaturesOfTheLastStageAndAClassifierHead() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            ResNet net = Networks.build(Architecture.SE_RESNET, 18, 2);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            ParameterStore store = new ParameterStore(manager, false);
            NDList x = new NDList(manager.randomUniform(0, 1, new Shape(2, 3, 64, 64)));

            NDList features = net.features().forward(store, x, false);
            NDList logits = net.head().forward(store, features, false);

            assertThat(features.head().getShape()).isEqualTo(new Shape(2, 512, 2, 2));
            assertThat(logits.head().getShape()).isEqualTo(new Shape(2, 2));
            assertThat(net.forward(store, x, false).head().toFloatArray()).containsExactly(logits.head().toFloatArray());
        }
    }

    @Test
    void bottleneckNetworksEndInTwoThousandFortyEightChannels() {
        ResNet net = Networks.build(Architecture.SE_RESNET, 50, 2);
        assertThat(net.features().getOutputShapes(new Shape[] {new Shape(1, 3, 224, 224)})[0])
                .isEqualTo(new Shape(1, 2048, 7, 7));
    }

    @Test
    void refusesDepthsThatAreNotResNetDepths() {
        assertThatThrownBy(() -> Networks.build(Architecture.RESNET, 20, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("18, 34, 50, 101, 152");
    }
}
