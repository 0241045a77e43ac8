package org.gbscan.trainer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** training-log.csv: one line per finished epoch, appended and flushed, so a resumed run continues it. */
public final class TrainingLog {
    static final String HEADER = "epoch,learning_rate,train_loss,images_per_second,val_loss,val_auc,val_sensitivity,val_specificity,seconds";
    private final Path file;

    public TrainingLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public List<EpochResult> read() throws IOException {
        List<EpochResult> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] c = lines.get(i).split(",");
            try {
                out.add(new EpochResult(Integer.parseInt(c[0]), d(c[1]), d(c[2]), d(c[3]), d(c[4]), d(c[5]), d(c[6]), d(c[7]), d(c[8])));
            } catch (RuntimeException e) {
                throw new IOException("training log " + file + " line " + (i + 1) + " is damaged: '" + lines.get(i) + "'", e);
            }
        }
        return out;
    }

    /** Keeps only the epochs up to {@code lastEpoch} (a resume after a crash between log and checkpoint). */
    public void truncate(int lastEpoch) throws IOException {
        List<EpochResult> kept = read().stream().filter(r -> r.epoch() <= lastEpoch).toList();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        for (EpochResult r : kept) {
            append(r);
        }
    }

    public void append(EpochResult r) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
        String line = String.format(Locale.ROOT, "%d,%.6g,%.6f,%.2f,%.6f,%.6f,%.6f,%.6f,%.1f%n", r.epoch(), r.learningRate(),
                r.trainLoss(), r.imagesPerSecond(), r.validationLoss(), r.validationAuc(), r.validationSensitivity(),
                r.validationSpecificity(), r.seconds());
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}
