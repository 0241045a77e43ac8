package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gbscan.trainer.train.TrainOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code ./gbscan train} asks the trainer for, read from the command line without training. */
class TrainCommandTest {
    private static TrainOptions parsed(String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", "d", "--labels", "d/labels.csv", "--out", "m"));
        args.addAll(List.of(extra));
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.options();
    }

    @Test
    void theDefaultRecipeHasADilatedLastStage() {
        assertThat(parsed().design().outputStride()).isEqualTo(16);
    }

    @Test
    void aNamedRecipeKeepsTheStrideItWasMeasuredWithUnlessMasksTrain() {
        assertThat(parsed("--recipe", "ba2021").design().outputStride()).isEqualTo(32);
        assertThat(parsed("--recipe", "ba2021", "--masks", "d/masks", "--mask-patients", "0.25").design().outputStride())
                .isEqualTo(16);
    }

    @Test
    void anExplicitStrideWins() {
        assertThat(parsed("--output-stride", "32").design().outputStride()).isEqualTo(32);
        assertThat(parsed("--output-stride", "8").design().outputStride()).isEqualTo(8);
    }
}
