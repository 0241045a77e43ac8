package org.gbscan.trainer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A member's out-of-fold predictions, {@code training/fold-K-oof.csv}: one line per held-out frame
 * (image id, logit difference, and the same for the frame mirrored left-right) in sample order. Written
 * after the member's weights, so a file that is there and matches the fold's frames means the member is
 * complete and need not be trained again. Files written before the mirrored column existed read with
 * {@code mirrored == null}.
 */
final class OofFile {
    private final Path file;

    OofFile(Path file) {
        this.file = file;
    }

    /** The saved predictions: as the frames are, and mirrored (null when the file predates that column). */
    record Saved(double[] plain, double[] mirrored) {
    }

    void write(List<Sample> held, double[] logitDifference, double[] mirrored) throws IOException {
        List<String> lines = new ArrayList<>(held.size() + 1);
        lines.add("image,logit_difference,mirrored_logit_difference");
        for (int i = 0; i < held.size(); i++) {
            lines.add(held.get(i).imageId().replace(',', '_') + "," + String.format(Locale.ROOT, "%.8f,%.8f",
                    logitDifference[i], mirrored[i]));
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    /** The saved predictions, or null when there are none or they belong to other frames. */
    Saved read(List<Sample> held) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != held.size() + 1) {
            return null;
        }
        boolean withMirrored = lines.get(0).split(",").length == 3;
        double[] plain = new double[held.size()];
        double[] mirrored = withMirrored ? new double[held.size()] : null;
        for (int i = 0; i < held.size(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            if (cells.length != (withMirrored ? 3 : 2) || !cells[0].equals(held.get(i).imageId().replace(',', '_'))) {
                return null;
            }
            plain[i] = Double.parseDouble(cells[1]);
            if (withMirrored) {
                mirrored[i] = Double.parseDouble(cells[2]);
            }
        }
        return new Saved(plain, mirrored);
    }
}
