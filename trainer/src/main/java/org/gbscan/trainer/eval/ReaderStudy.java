package org.gbscan.trainer.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model against human readers on the same patients, as the study compares its model with 14 radiologists.
 *
 * <p>Reader CSV, long format with a header: {@code patient,reader,score} or {@code patient,reader,call}.
 * A score is any number where higher means "more likely BA" (a probability or a 1-5 confidence scale);
 * a call uses the label convention, 0 = BA, 1 = non-BA. Each reader is compared with the model on the
 * patients that reader rated by DeLong's paired test (model AUC - reader AUC).
 */
public final class ReaderStudy {

    public record Comparison(String reader, int patients, int baPatients, AucEstimate readerAuc,
                             Proportion readerSensitivity, Proportion readerSpecificity, PairedAucTest modelMinusReader) {
    }

    /** Ratings per reader, each patient to a BA-oriented score; calls tell whether the values were 0/1 calls. */
    public record Ratings(Map<String, Map<String, Double>> byReader, boolean calls) {
    }

    private ReaderStudy() {
    }

    public static Ratings read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("reader file " + csv + " is empty");
        }
        String[] head = lines.get(0).replace("\uFEFF", "").toLowerCase(Locale.ROOT).split(",", -1);
        int patient = indexOf(head, "patient");
        int reader = indexOf(head, "reader");
        int score = indexOf(head, "score");
        int call = indexOf(head, "call");
        if (patient < 0 || reader < 0 || (score < 0) == (call < 0)) {
            throw new IOException("reader file " + csv + " needs a header 'patient,reader,score' or 'patient,reader,call', got '"
                    + lines.get(0) + "'");
        }
        int value = score >= 0 ? score : call;
        Map<String, Map<String, Double>> byReader = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length <= Math.max(patient, Math.max(reader, value))) {
                throw new IOException("reader file " + csv + " line " + (i + 1) + " has too few columns: '" + lines.get(i) + "'");
            }
            double v;
            try {
                v = Double.parseDouble(cells[value].trim());
            } catch (NumberFormatException e) {
                throw new IOException("reader file " + csv + " line " + (i + 1) + ": '" + cells[value] + "' is not a number", e);
            }
            if (call >= 0 && v != 0 && v != 1) {
                throw new IOException("reader file " + csv + " line " + (i + 1) + ": a call must be 0 (BA) or 1 (non-BA), got " + cells[value]);
            }
            double baScore = call >= 0 ? 1 - v : v;
            byReader.computeIfAbsent(cells[reader].trim(), k -> new LinkedHashMap<>()).put(cells[patient].trim(), baScore);
        }
        return new Ratings(byReader, call >= 0);
    }

    /** DeLong test of the model against each reader, on the patients both rated. */
    public static List<Comparison> compare(List<PatientScores.PatientScore> model, Ratings ratings) {
        Map<String, PatientScores.PatientScore> modelByPatient = new LinkedHashMap<>();
        model.forEach(p -> modelByPatient.put(p.patient(), p));
        List<Comparison> out = new ArrayList<>();
        ratings.byReader().forEach((reader, scores) -> {
            List<Double> modelScores = new ArrayList<>();
            List<Double> readerScores = new ArrayList<>();
            List<Boolean> truth = new ArrayList<>();
            scores.forEach((patient, s) -> {
                PatientScores.PatientScore m = modelByPatient.get(patient);
                if (m != null) {
                    modelScores.add(m.baProbability());
                    readerScores.add(s);
                    truth.add(m.ba());
                }
            });
            BinaryScores modelCases = BinaryScores.of(modelScores, truth);
            BinaryScores readerCases = BinaryScores.of(readerScores, truth);
            if (modelCases.positives() < 2 || modelCases.negatives() < 2) {
                throw new IllegalArgumentException("reader '" + reader + "' shares " + modelCases.positives() + " BA and "
                        + modelCases.negatives() + " non-BA patients with the evaluation set; a DeLong test needs at least 2 of each");
            }
            Proportion sens = null;
            Proportion spec = null;
            if (ratings.calls()) {
                ConfusionMatrix m = ConfusionMatrix.atThreshold(readerCases, 0.5);
                sens = m.sensitivity();
                spec = m.specificity();
            }
            out.add(new Comparison(reader, modelCases.size(), modelCases.positives(), DeLong.auc(readerCases),
                    sens, spec, DeLong.compare(modelCases, readerCases, 0.95)));
        });
        return out;
    }

    private static int indexOf(String[] head, String name) {
        for (int i = 0; i < head.length; i++) {
            if (head[i].trim().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
