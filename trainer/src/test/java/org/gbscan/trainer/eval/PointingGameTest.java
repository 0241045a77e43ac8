package org.gbscan.trainer.eval;

import org.gbscan.core.HeatMap;
import org.gbscan.core.PixelSpacing;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The localisation measures against cases worked out by hand. */
class PointingGameTest {
    /** 40x40 frame, finding = the square x 20..29, y 10..19. */
    private static final FindingMask SQUARE = rectangle(40, 40, 20, 10, 10, 10);

    @Test
    void aMaximumTenPixelsLeftOfTheFindingIsAHitAtFifteenPixelsAndAMissAtZero() {
        // (10, 15): nearest inside pixel (20, 15), distance 10
        PointingGame strict = new PointingGame(0);
        PointingGame tolerant = new PointingGame(15);
        assertThat(strict.add(peakAt(40, 40, 10, 15), SQUARE)).isFalse();
        assertThat(tolerant.add(peakAt(40, 40, 10, 15), SQUARE)).isTrue();
        // (2, 15): distance 18 > 15
        assertThat(tolerant.add(peakAt(40, 40, 2, 15), SQUARE)).isFalse();
        // diagonal: (10, 0) to the corner (20, 10) is sqrt(200) = 14.14 <= 15; (8, 0) is sqrt(244) = 15.6 > 15
        assertThat(tolerant.add(peakAt(40, 40, 10, 0), SQUARE)).isTrue();
        assertThat(tolerant.add(peakAt(40, 40, 8, 0), SQUARE)).isFalse();
        // inside is a hit at any tolerance
        assertThat(strict.add(peakAt(40, 40, 25, 12), SQUARE)).isTrue();
        assertThat(tolerant.result().successes()).isEqualTo(2);
        assertThat(tolerant.result().trials()).isEqualTo(4);
        assertThat(SQUARE.distanceTo(10, 15)).isEqualTo(10.0);
        assertThat(SQUARE.distanceTo(10, 0)).isCloseTo(Math.sqrt(200), within(1e-12));
    }

    @Test
    void thePriorPointIsTheMeanOfTheMaskCentroidsAndPlaysTheSameGame() {
        // 4x4 masks: one pixel at (1,1) -> centroid (1.5/4, 1.5/4) = (0.375, 0.375);
        // the 2x2 block (2..3, 2..3) -> centre (3.0/4, 3.0/4) = (0.75, 0.75); mean (0.5625, 0.5625)
        FindingMask a = rectangle(4, 4, 1, 1, 1, 1);
        FindingMask b = rectangle(4, 4, 2, 2, 2, 2);
        FindingPrior prior = FindingPrior.builder().add(a).add(b).result("test").orElseThrow();
        assertThat(prior.xFraction()).isCloseTo(0.5625, within(1e-12));
        assertThat(prior.yFraction()).isCloseTo(0.5625, within(1e-12));
        assertThat(prior.masks()).isEqualTo(2);
        // the point 0.5625 * 4 = 2.25 -> pixel (2, 2): inside b, 1.41 px from a
        PointingGame strict = new PointingGame(0);
        assertThat(strict.addPoint(prior.xFraction(), prior.yFraction(), b)).isTrue();
        assertThat(strict.addPoint(prior.xFraction(), prior.yFraction(), a)).isFalse();
        assertThat(new PointingGame(1.5).addPoint(prior.xFraction(), prior.yFraction(), a)).isTrue();
        // an empty mask adds nothing to the prior
        assertThat(FindingPrior.builder().add(new FindingMask(4, 4, new boolean[16])).result("none")).isEmpty();
    }

    @Test
    void heatShareIsTheHeatInsideTheMaskOverAllHeat() {
        // 4x4 mask with (1,1) inside; heat 3 at (1,1), 1 at (0,0), 0 elsewhere -> 3 / 4
        FindingMask mask = rectangle(4, 4, 1, 1, 1, 1);
        float[] v = new float[16];
        v[1 * 4 + 1] = 3f;
        v[0] = 1f;
        assertThat(LocalisationGames.heatShare(new HeatMap(4, 4, v), mask)).isEqualTo(0.75);
        assertThat(LocalisationGames.heatShare(new HeatMap(4, 4, new float[16]), mask)).isNaN();
    }

    @Test
    void gamesReportTheTrainedRandomAndPriorFiguresAndTheToleranceInMillimetres() {
        FindingPrior prior = new FindingPrior(0.0, 0.0, 1, "corner");
        LocalisationGames games = new LocalisationGames("layer4", prior);
        // trained: 10 px left of the square (hit at 15 only); random: far corner (miss); prior (0,0): 22.4 px away (miss)
        games.add(peakAt(40, 40, 10, 15), peakAt(40, 40, 39, 39), SQUARE, new PixelSpacing(0.2, 0.2));
        // trained: inside; random: inside; spacing unknown
        games.add(peakAt(40, 40, 22, 12), peakAt(40, 40, 21, 11), SQUARE, null);
        PointingGameResult r = games.result();
        assertThat(r.atTolerance().successes()).isEqualTo(2);
        assertThat(r.strict().successes()).isEqualTo(1);
        assertThat(r.randomWeights().successes()).isEqualTo(1);
        assertThat(r.priorBaseline().successes()).isZero();
        assertThat(r.trials()).isEqualTo(2);
        assertThat(r.toleranceMm()).isCloseTo(3.0, within(1e-12));
        assertThat(r.heatInMask()).isEqualTo(0.5);
    }

    private static FindingMask rectangle(int w, int h, int x0, int y0, int rw, int rh) {
        boolean[] inside = new boolean[w * h];
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                inside[y * w + x] = true;
            }
        }
        return FindingMask.union(List.of(new FindingMask(w, h, inside)));
    }

    private static HeatMap peakAt(int w, int h, int x, int y) {
        float[] v = new float[w * h];
        v[y * w + x] = 1f;
        return new HeatMap(w, h, v);
    }
}
