package org.gbscan.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gbscan.inference.CamStage;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The localisation term shapes the layer-4 class map, so a model trained with masks says on its card that its heat
 * maps are read there; the service, {@code score} and {@code evaluate} then read layer4 for it without configuration.
 */
class CardCamStageTest {
    @TempDir
    Path dir;

    @Test
    void aModelTrainedWithMasksNamesLayer4OnItsCardAndTheServiceReadsItThere() throws Exception {
        Path set = dir.resolve("set");
        PhantomGenerator.generate(PhantomOptions.of(6, 11, set).withSize(256, 192).withCineFraction(0).withThreads(2));
        TrainOptions plain = small(set, dir.resolve("plain")).build();
        TrainOptions masked = small(set, dir.resolve("masked"))
                .localisation(new LocalisationHints(set.resolve("masks"), 1.0, LocalisationHints.DEFAULT_WEIGHT)).build();
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        TrainCommand.run(plain, console);
        TrainCommand.run(masked, console);

        ModelCard plainCard = ModelDirectory.readCard(dir.resolve("plain"));
        ModelCard maskedCard = ModelDirectory.readCard(dir.resolve("masked"));
        assertThat(plainCard.camStage()).isNull();
        assertThat(maskedCard.camStage()).isEqualTo("layer4");
        InferenceSettings defaults = InferenceSettings.defaults();
        assertThat(defaults.camStageFor(plainCard)).isEqualTo(CamStage.LAYER3);
        assertThat(defaults.camStageFor(maskedCard)).isEqualTo(CamStage.LAYER4);
    }

    private static TrainOptions.Builder small(Path set, Path out) {
        return TrainOptions.builder(set, set.resolve("labels.csv"), out).architecture("resnet").depth(18).inputSize(64)
                .epochs(1).batchSize(8).warmupEpochs(0).validationFraction(0.34).testFraction(0).progressBar(false).seed(5);
    }
}
