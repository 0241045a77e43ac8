package org.gbscan.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The study's patient-level rule: score = mean BA probability over the patient's images; label =
 * majority of the image labels, ties go to BA.
 */
public final class PatientScores {
    private PatientScores() {
    }

    public record PatientScore(String patient, boolean ba, double baProbability, int images) {
    }

    /** One entry per patient, in patient-name order. */
    public static List<PatientScore> aggregate(List<ScoredImage> images) {
        Map<String, List<ScoredImage>> byPatient = new TreeMap<>();
        images.forEach(i -> byPatient.computeIfAbsent(i.patient(), k -> new ArrayList<>()).add(i));
        List<PatientScore> out = new ArrayList<>();
        byPatient.forEach((patient, list) -> {
            long ba = list.stream().filter(ScoredImage::ba).count();
            double mean = list.stream().mapToDouble(ScoredImage::baProbability).average().orElseThrow();
            out.add(new PatientScore(patient, ba * 2 >= list.size(), mean, list.size()));
        });
        return out;
    }

    public static BinaryScores imageScores(List<ScoredImage> images) {
        return BinaryScores.of(images.stream().map(ScoredImage::baProbability).toList(),
                images.stream().map(ScoredImage::ba).toList());
    }

    public static BinaryScores patientScores(List<PatientScore> patients) {
        return BinaryScores.of(patients.stream().map(PatientScore::baProbability).toList(),
                patients.stream().map(PatientScore::ba).toList());
    }
}
