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
 * (image id, logit difference) in sample order. Written after the member's weights, so a file that is
 * there and matches the fold's frames means the member is complete and need not be trained again.
 */
final class OofFile {
    private final Path file;

    OofFile(Path file) {
        this.file = file;
    }

    void write(List<Sample> held, double[] logitDifference) throws IOException {
        List<String> lines = new ArrayList<>(held.size() + 1);
        lines.add("image,logit_difference");
        for (int i = 0; i < held.size(); i++) {
            lines.add(held.get(i).imageId().replace(',', '_') + "," + String.format(Locale.ROOT, "%.8f", logitDifference[i]));
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    /** The saved predictions, or null when there are none or they belong to other frames. */
    double[] read(List<Sample> held) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != held.size() + 1) {
            return null;
        }
        double[] out = new double[held.size()];
        for (int i = 0; i < held.size(); i++) {
            String line = lines.get(i + 1);
            int comma = line.lastIndexOf(',');
            if (comma < 0 || !line.substring(0, comma).equals(held.get(i).imageId().replace(',', '_'))) {
                return null;
            }
            out[i] = Double.parseDouble(line.substring(comma + 1));
        }
        return out;
    }
}
