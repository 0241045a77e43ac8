package org.gbscan.app.pipeline;

import org.gbscan.inference.StudyScorer;

/** Scores a loaded study: every decoded frame through the batched model, mean BA probability as the study score. */
public final class StudyScoring {
    private final StudyScorer scorer;

    public StudyScoring(StudyScorer scorer) {
        this.scorer = scorer;
    }

    public StudyWork score(StudyWork work) {
        return work.scored(scorer.score(work.study(), work.images()));
    }
}
