package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Patient-level split into train / validation / test, stratified by patient label (majority of the
 * patient's images, ties BA) and seeded: the same data and seed always give the same split, and no
 * patient's images are in two parts.
 */
public final class PatientSplit {

    public record Parts(Dataset train, Dataset validation, Dataset test) {
    }

    private PatientSplit() {
    }

    /**
     * @param validationFraction share of each class's patients for validation (at least one patient per
     *                           class when the fraction is positive and the class has 3 or more patients)
     * @param testFraction       likewise for test; 0 when an external test set is used
     */
    public static Parts split(Dataset data, double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation and test fractions must be >= 0 and leave patients for training, got "
                    + validationFraction + " and " + testFraction);
        }
        Map<String, Label> patients = data.patientLabels();
        Random random = new Random(seed);
        Set<String> validation = new HashSet<>();
        Set<String> test = new HashSet<>();
        for (Label label : Label.values()) {
            // Patient names sorted (byPatient is a TreeMap) before shuffling, so the seed alone decides.
            List<String> stratum = new ArrayList<>(patients.entrySet().stream()
                    .filter(e -> e.getValue() == label).map(Map.Entry::getKey).toList());
            Collections.shuffle(stratum, random);
            int nVal = count(stratum.size(), validationFraction);
            int nTest = count(stratum.size(), testFraction);
            if (nVal + nTest >= stratum.size() && stratum.size() > 0) {
                nTest = Math.max(0, Math.min(nTest, stratum.size() - nVal - 1));
                nVal = Math.max(0, Math.min(nVal, stratum.size() - 1));
            }
            validation.addAll(stratum.subList(0, nVal));
            test.addAll(stratum.subList(nVal, nVal + nTest));
        }
        List<LabeledImage> trainImages = new ArrayList<>();
        List<LabeledImage> valImages = new ArrayList<>();
        List<LabeledImage> testImages = new ArrayList<>();
        for (LabeledImage image : data.images()) {
            if (validation.contains(image.patient())) {
                valImages.add(image);
            } else if (test.contains(image.patient())) {
                testImages.add(image);
            } else {
                trainImages.add(image);
            }
        }
        return new Parts(data.subset(trainImages), data.subset(valImages), data.subset(testImages));
    }

    private static int count(int size, double fraction) {
        if (fraction <= 0 || size == 0) {
            return 0;
        }
        int n = (int) Math.round(size * fraction);
        return size >= 3 ? Math.max(1, n) : n;
    }

    /**
     * K patient-level folds, stratified by the patient label: each class's patients (sorted, then shuffled
     * with the seed) are dealt round-robin, so every fold holds about 1/K of the BA and of the non-BA
     * patients and no patient is in two folds.
     *
     * @return fold index 0..K-1 per patient
     */
    public static Map<String, Integer> folds(Dataset data, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + k);
        }
        Map<String, Label> patients = data.patientLabels();
        Random random = new Random(seed);
        Map<String, Integer> fold = new java.util.TreeMap<>();
        int next = 0;
        for (Label label : Label.values()) {
            List<String> stratum = new ArrayList<>(patients.entrySet().stream()
                    .filter(e -> e.getValue() == label).map(Map.Entry::getKey).sorted().toList());
            Collections.shuffle(stratum, random);
            for (String patient : stratum) {
                fold.put(patient, next);
                next = (next + 1) % k;
            }
        }
        return fold;
    }
}
