package org.gbscan.inference;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Refusal;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a study's decoded instances into a study result with the published patient-level rule: the
 * mean BA probability over every scored frame, labelled at the model card's threshold. Frames the
 * quality gate refused take no part in the mean; when it refused them all the study is not assessable,
 * for the first refusal's reason. Which cine frames are decoded is the DICOM reader's choice
 * ({@code inference.cine.frames}).
 */
public final class StudyScorer {
    private static final Logger LOG = LoggerFactory.getLogger(StudyScorer.class);
    private final FrameScorer scorer;
    private final ModelInfo model;
    private final Clock clock;

    public StudyScorer(FrameScorer scorer, ModelInfo model) {
        this(scorer, model, Clock.systemUTC());
    }

    public StudyScorer(FrameScorer scorer, ModelInfo model, Clock clock) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StudyResult score(StudyRef study, List<ImageInstance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("study " + study.logTag() + " has no image instances to score");
        }
        List<Frame> frames = new ArrayList<>();
        List<InstanceRef> sources = new ArrayList<>(instances.size());
        for (ImageInstance instance : instances) {
            sources.add(instance.ref());
            frames.addAll(instance.frames());
        }
        List<FrameScore> scores = scorer.scoreAll(frames);
        List<FrameScore> scored = scores.stream().filter(f -> !f.isRefused()).toList();
        if (scored.isEmpty()) {
            Refusal refusal = scores.get(0).refusal();
            LOG.info("study {}: all {} frames from {} instances refused, not assessable: {}",
                    study.logTag(), scores.size(), instances.size(), refusal.reason().code());
            return StudyResult.notAssessable(study, sources, scores, refusal, model, clock.instant());
        }
        double mean = scored.stream().mapToDouble(FrameScore::baProbability).average().orElseThrow();
        Label label = Label.atThreshold(mean, model.threshold());
        LOG.info("study {}: {} of {} frames from {} instances scored, mean BA probability {} -> {}",
                study.logTag(), scored.size(), scores.size(), instances.size(), String.format("%.3f", mean), label);
        return new StudyResult(study, sources, scores, mean, label, model, clock.instant());
    }
}
