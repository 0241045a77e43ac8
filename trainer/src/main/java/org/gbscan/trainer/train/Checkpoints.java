package org.gbscan.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Weights saved during training, in {@code <out>/training/}: {@code last.params} (to resume) with
 * {@code last-epoch.txt}, and the two candidates of the checkpoint rule, {@code best-rule.params} and
 * {@code best-auc.params}. Files are written atomically, so a crash leaves the previous checkpoint intact.
 */
final class Checkpoints {
    static final String LAST = "last";
    static final String BEST_RULE = "best-rule";
    static final String BEST_AUC = "best-auc";

    private final Path dir;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    void save(String name, Block block) throws IOException {
        AtomicFiles.write(dir.resolve(name + ".params"), out -> {
            DataOutputStream data = new DataOutputStream(out);
            block.saveParameters(data);
            data.flush();
        });
    }

    /** Saves the weights and then the epoch they belong to (the epoch file is the commit point). */
    void saveLast(Block block, int epoch) throws IOException {
        save(LAST, block);
        AtomicFiles.write(dir.resolve("last-epoch.txt"),
                out -> out.write(Integer.toString(epoch).getBytes(StandardCharsets.UTF_8)));
    }

    OptionalInt lastEpoch() throws IOException {
        Path f = dir.resolve("last-epoch.txt");
        if (!Files.exists(f) || !Files.exists(dir.resolve(LAST + ".params"))) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(f).trim()));
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint marker " + f + " is damaged; delete " + dir + " to start over", e);
        }
    }

    boolean exists(String name) {
        return Files.exists(dir.resolve(name + ".params"));
    }

    void load(String name, Block block, NDManager manager) throws IOException {
        Path f = dir.resolve(name + ".params");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + f + " does not fit this network (" + e.getMessage()
                    + "); delete " + dir + " or train with the same architecture", e);
        }
    }
}
