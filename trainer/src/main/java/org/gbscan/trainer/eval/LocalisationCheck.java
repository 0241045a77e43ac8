package org.gbscan.trainer.eval;

import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.core.PixelSpacing;
import org.gbscan.inference.DirectScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.model.Devices;
import org.gbscan.inference.model.ModelCard;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ModelLoadException;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.trainer.data.Dataset;
import org.gbscan.trainer.data.LabeledImage;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The localisation part of {@code gbscan evaluate}: Grad-CAM of the BA class on frame 0 of each BA image
 * that has masks, measured by {@link LocalisationGames}, next to the same maps from a randomised copy of
 * the network (built for the card, or for an ensemble's first member's card) and a fixed prior point.
 */
final class LocalisationCheck implements AutoCloseable {
    /** Seed of the randomised network: fixed, so the check repeats exactly. */
    static final int RANDOM_WEIGHTS_SEED = 2018;

    private final DirectScorer camScorer;
    private final ScoringModel randomModel;
    private final DirectScorer randomScorer;
    private final MaskIndex masks;
    private final LocalisationGames games;

    private LocalisationCheck(DirectScorer camScorer, ScoringModel randomModel, DirectScorer randomScorer, MaskIndex masks,
                              LocalisationGames games) {
        this.camScorer = camScorer;
        this.randomModel = randomModel;
        this.randomScorer = randomScorer;
        this.masks = masks;
        this.games = games;
    }

    static LocalisationCheck open(ScoringModel model, InferenceSettings camSettings, EvaluateOptions options, MaskIndex masks,
                                  Dataset data, PrintStream console) throws EvaluationException, IOException {
        FindingPrior prior = priorFor(model.card(), masks, data, console);
        ModelCard randomCard = randomNetworkCard(model.card(), options);
        ScoringModel random = ScoringModel.untrained(randomCard, Devices.resolve(options.device()), RANDOM_WEIGHTS_SEED);
        return new LocalisationCheck(new DirectScorer(model, camSettings), random, new DirectScorer(random, camSettings), masks,
                new LocalisationGames(options.camStage().name().toLowerCase(java.util.Locale.ROOT), prior));
    }

    /** The card's training-set prior, else (said on the console and in the report) the evaluated BA images' own. */
    private static FindingPrior priorFor(ModelCard card, MaskIndex masks, Dataset data, PrintStream console) throws IOException {
        Optional<FindingPrior> fromCard = FindingPrior.fromCard(card);
        if (fromCard.isPresent()) {
            return fromCard.get();
        }
        FindingPrior.Builder b = FindingPrior.builder();
        for (LabeledImage li : data.images()) {
            if (li.isBa()) {
                Optional<FindingMask> m = masks.forImage(li.id());
                if (m.isPresent()) {
                    b.add(m.get());
                }
            }
        }
        String source = "evaluated set (fallback: the model card records no training-set prior, so this baseline has seen the test masks)";
        FindingPrior prior = b.result(source).orElse(new FindingPrior(0.5, 0.5, 1, "frame centre (no mask had an inside pixel)"));
        console.println("Prior baseline point: " + source);
        return prior;
    }

    /** An ensemble's card describes no network of its own: randomise a member's. */
    private static ModelCard randomNetworkCard(ModelCard card, EvaluateOptions options) throws EvaluationException {
        if (!card.isEnsemble()) {
            return card;
        }
        try {
            return ModelDirectory.readCard(options.model().resolve(card.members().get(0)));
        } catch (ModelLoadException e) {
            throw new EvaluationException("random-weights check: " + e.getMessage(), e);
        }
    }

    /** Masks are drawn on frame 0, so the game is played on the first decoded frame when it is frame 0. */
    void play(List<Frame> frames, LabeledImage image, PixelSpacing spacing) throws IOException {
        Frame first = frames.get(0);
        if (first.index() != 0) {
            return;
        }
        Optional<FindingMask> mask = masks.forImage(image.id());
        if (mask.isEmpty()) {
            return;
        }
        HeatMap heat = heatMap(camScorer, first);
        if (heat != null) {
            games.add(heat, heatMap(randomScorer, first), mask.get(), spacing);
        }
    }

    private static HeatMap heatMap(DirectScorer scorer, Frame frame) {
        FrameScore s = scorer.scoreAll(List.of(frame)).get(0);
        return s.heatMap();
    }

    /** Null when no BA image had a mask. */
    PointingGameResult result() {
        return games.trials() > 0 ? games.result() : null;
    }

    @Override
    public void close() {
        randomModel.close();
    }
}
