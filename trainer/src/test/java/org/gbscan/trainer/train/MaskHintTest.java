package org.gbscan.trainer.train;

import org.gbscan.inference.preprocess.CropGeometry;
import org.gbscan.trainer.eval.FindingMask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The localisation target follows the augmented crop. A 64x64 frame with an 8x8 finding at x, y 16..23;
 * a 64-px input with a 4x4 class map (stride 16): cell k is centred on input pixel 16k and sampled at
 * 16k - 6, -2, +2, +6 per axis (samples outside the input are skipped).
 */
class MaskHintTest {
    private static final MaskHint FINDING = MaskHint.of(square(64, 16, 8));

    @Test
    void onTheWholeFrameTheFindingLiesInCellOneOne() {
        // cell (1,1) samples 10, 14, 18, 22: 18 and 22 are inside -> 4/16, the best cell -> 1
        float[] t = FINDING.cellTargets(CropGeometry.wholeFrame(64, 64), 64, 4, 4);
        float[] expected = new float[16];
        expected[1 * 4 + 1] = 1f;
        assertThat(t).containsExactly(expected);
    }

    @Test
    void aFlippedCropMovesTheTargetToTheMirroredCell() {
        // flipped: frame x = 64 - u; cell 3 samples u 42..54 -> x 22, 18, 14, 10 -> two inside
        float[] t = FINDING.cellTargets(CropGeometry.wholeFrame(64, 64).mirrored(), 64, 4, 4);
        float[] expected = new float[16];
        expected[1 * 4 + 3] = 1f;
        assertThat(t).containsExactly(expected);
    }

    @Test
    void aZoomedCropSpreadsTheFindingOverMoreCells() {
        // crop x, y 16..48 (2x zoom): frame x = 16 + u/2. Cell 0 keeps samples u = 2, 6 -> x 17, 19: 2/2 inside;
        // cell 1: u 10..22 -> x 21, 23, 25, 27: 2/4. Shares (0,0) 1, (1,0) and (0,1) 0.5, (1,1) 0.25
        float[] t = FINDING.cellTargets(new CropGeometry(64, 64, 16, 16, 32, 32, false), 64, 4, 4);
        assertThat(t[0]).isEqualTo(1f);
        assertThat(t[1]).isEqualTo(0.5f);
        assertThat(t[4]).isEqualTo(0.5f);
        assertThat(t[5]).isEqualTo(0.25f);
        assertThat(t[2] + t[3] + t[6] + t[8] + t[15]).isZero();
    }

    @Test
    void aCropThatCutsTheFindingOutGivesNoTarget() {
        float[] t = FINDING.cellTargets(new CropGeometry(64, 64, 32, 32, 32, 32, false), 64, 4, 4);
        assertThat(t).containsOnly(0f);
        assertThat(MaskHint.of(new FindingMask(4, 4, new boolean[16]))).isNull();
    }

    private static FindingMask square(int size, int from, int side) {
        boolean[] inside = new boolean[size * size];
        for (int y = from; y < from + side; y++) {
            for (int x = from; x < from + side; x++) {
                inside[y * size + x] = true;
            }
        }
        return new FindingMask(size, size, inside);
    }
}
