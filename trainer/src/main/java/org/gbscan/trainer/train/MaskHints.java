package org.gbscan.trainer.train;

import org.gbscan.core.Frame;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.LabeledImage;
import org.gbscan.trainer.eval.FindingMask;
import org.gbscan.trainer.eval.FindingPrior;
import org.gbscan.trainer.eval.MaskIndex;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The finding masks beside the training data, used twice: their mean centroid over the BA training
 * images is recorded in the model card (the prior point {@code gbscan evaluate} plays as a baseline),
 * and, when asked ({@link LocalisationHints}), a seeded share of the training patients hand their
 * frame-0 masks to the localisation loss. Masks are drawn on frame 0, so later frames of a loop get none.
 */
final class MaskHints implements PreparedSet.Hints {
    /** Keeps the patient draw apart from the split's and the augmentation's use of the seed. */
    private static final long DRAW_SALT = 0x6d61736bL;

    private final MaskIndex index;
    private final Set<String> patients;
    private final FindingPrior prior;
    private final Path folder;

    private MaskHints(MaskIndex index, Set<String> patients, FindingPrior prior, Path folder) {
        this.index = index;
        this.patients = patients;
        this.prior = prior;
        this.folder = folder;
    }

    /** Reads the mask folder ({@code --masks}, else {@code <data>/masks} when present); without one, no hints and no prior. */
    static MaskHints open(TrainOptions options, Dataset train, PrintStream console) throws TrainingException {
        LocalisationHints asked = options.localisation();
        Path folder = asked.masks() != null ? asked.masks() : options.data().resolve("masks");
        if (!Files.isDirectory(folder)) {
            if (asked.masks() != null) {
                throw new TrainingException("mask folder " + folder + " does not exist");
            }
            return new MaskHints(null, Set.of(), null, null);
        }
        try {
            MaskIndex index = MaskIndex.of(folder);
            FindingPrior.Builder centroids = FindingPrior.builder();
            for (LabeledImage image : train.images()) {
                if (image.isBa()) {
                    index.forImage(image.id()).ifPresent(centroids::add);
                }
            }
            Set<String> chosen = asked.enabled() ? draw(train, asked.patientFraction(), options.seed()) : Set.of();
            if (asked.enabled()) {
                console.printf(Locale.ROOT, "Localisation hints: masks of %d of %d training patients (%.0f%%), weight %.3g, from %s%n",
                        chosen.size(), train.byPatient().size(), asked.patientFraction() * 100, asked.weight(), folder);
            }
            return new MaskHints(index, chosen, centroids.result("training set").orElse(null), folder);
        } catch (IOException e) {
            throw new TrainingException("cannot read the finding masks in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> draw(Dataset train, double fraction, long seed) {
        List<String> all = new ArrayList<>(new java.util.TreeSet<>(train.byPatient().keySet()));
        Collections.shuffle(all, new Random(seed ^ DRAW_SALT));
        return new HashSet<>(all.subList(0, (int) Math.round(fraction * all.size())));
    }

    @Override
    public MaskHint of(LabeledImage image, Frame frame) {
        if (index == null || frame.index() != 0 || !image.isBa() || !patients.contains(image.patient())) {
            return null;
        }
        try {
            Optional<FindingMask> mask = index.forImage(image.id());
            return mask.map(MaskHint::of).orElse(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the finding mask of " + image.id() + " in " + folder, e);
        }
    }

    /** The card with the training set's finding prior, and what hints trained it, in its trainingData. */
    ModelCard record(ModelCard card, LocalisationHints asked) {
        if (prior == null) {
            return card;
        }
        Map<String, Object> data = new LinkedHashMap<>(card.trainingData());
        data.put(FindingPrior.CARD_KEY, prior.toCardValue());
        if (!patients.isEmpty()) {
            data.put("localisationHints", Map.of("maskFolder", folder.toString(), "patientFraction", asked.patientFraction(),
                    "patients", patients.size(), "weight", asked.weight(),
                    "loss", "-log(softmax-over-cells mass of the layer-4 BA class activation map on the mask), masked BA frames"));
        }
        // the loss shaped the layer-4 class map, so that is where this model's heat maps are read
        ModelCard recorded = card.withTrainingData(data);
        return patients.isEmpty() ? recorded : recorded.withCamStage("layer4");
    }
}
