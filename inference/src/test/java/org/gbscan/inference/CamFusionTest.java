package org.gbscan.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The fused map, worked by hand: the coarse grid resampled onto the fine one, times the fine one, to 0..1. */
class CamFusionTest {
    @Test
    void keepsHeatOnlyWhereBothStagesAgree() {
        // coarse 2x1: left cell hot. fine 4x1: hot at x=0 (agrees) and x=3 (does not).
        float[] coarse = {1f, 0f};
        float[] fine = {1f, 0f, 0f, 1f};

        float[] fused = ForwardPass.fuse(coarse, 2, 1, fine, 4, 1, 1);

        // fine cell centres 0.5,1.5,2.5,3.5 of 4 map to coarse coordinates -0.25,0.25,0.75,1.25 -> clamped 0, 0.25, 0.75, 1
        // coarse resampled: 1, 0.75, 0.25, 0; times fine: 1, 0, 0, 0
        assertThat(fused).containsExactly(new float[] {1f, 0f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void resamplesBilinearlyBetweenCellCentres() {
        float[] coarse = {0f, 1f};
        float[] flatFine = {1f, 1f, 1f, 1f};

        float[] fused = ForwardPass.fuse(coarse, 2, 1, flatFine, 4, 1, 1);

        // 0, 0.25, 0.75, 1 after min-max
        assertThat(fused).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
    }

    @Test
    void fusesEachImageOfABatchOnItsOwn() {
        float[] coarse = {1f, 0f, 0f, 1f};
        float[] fine = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};

        float[] fused = ForwardPass.fuse(coarse, 2, 1, fine, 4, 1, 2);

        assertThat(fused[0]).isEqualTo(1f);
        assertThat(fused[3]).isEqualTo(0f);
        assertThat(fused[4]).isEqualTo(0f);
        assertThat(fused[7]).isEqualTo(1f);
    }
}
