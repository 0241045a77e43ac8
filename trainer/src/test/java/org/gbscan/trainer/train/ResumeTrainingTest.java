package org.gbscan.trainer.train;

import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training mechanics on a tiny phantom set (8 patients, 64 px): checkpoints, resume, card, errors. */
class ResumeTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunWithMoreEpochsResumesAfterTheLastCheckpointAndContinuesTheLog() throws Exception {
        Path set = dir.resolve("set");
        PhantomGenerator.generate(PhantomOptions.of(8, 3, set).withSize(256, 192).withCineFraction(0).withThreads(2));
        Path out = dir.resolve("model");
        TrainOptions oneEpoch = TrainOptions.builder(set, set.resolve("labels.csv"), out).architecture("resnet").depth(18)
                .inputSize(64).epochs(1).batchSize(8).warmupEpochs(0).validationFraction(0.25).testFraction(0)
                .progressBar(false).seed(5).build();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        TrainReport first = TrainCommand.run(oneEpoch, new PrintStream(console, true, StandardCharsets.UTF_8));
        TrainReport second = TrainCommand.run(oneEpoch.toBuilder().epochs(2).build(),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(first.firstEpoch()).isEqualTo(1);
        assertThat(second.firstEpoch()).isEqualTo(2);
        assertThat(second.history()).extracting(EpochResult::epoch).containsExactly(1, 2);
        assertThat(Files.readAllLines(second.trainingLog())).hasSize(3).first().isEqualTo(TrainingLog.HEADER);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Resuming after epoch 1");
        ModelCard card = ModelDirectory.readCard(out);
        assertThat(card.inputSize()).isEqualTo(64);
        assertThat(card.trainingData()).containsKey("split").containsKey("training");
        assertThat(card.metrics()).containsKey("validationPatient");
        try (var model = ModelDirectory.load(out, ai.djl.Device.cpu())) {
            assertThat(model.card().architectureName()).isEqualTo("ResNet-18");
        }
    }

    @Test
    void refusesDataWhoseLabelsMatchNoFileWithAnActionableMessage() throws Exception {
        Path set = dir.resolve("empty");
        Files.createDirectories(set);
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "a.dcm,0\nb.dcm,1\n");
        TrainOptions options = TrainOptions.builder(set, labels, dir.resolve("m")).progressBar(false).build();
        assertThatThrownBy(() -> TrainCommand.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(TrainingException.class).hasMessageContaining("no labelled image").hasMessageContaining("labels.csv");
    }
}
