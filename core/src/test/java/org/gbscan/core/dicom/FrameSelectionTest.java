package org.gbscan.core.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameSelectionTest {
    @Test
    void takesEveryFrameWhenAskedForAllOrMoreThanThereAre() {
        assertThat(FrameSelection.evenlySpaced(5, 0)).containsExactly(0, 1, 2, 3, 4);
        assertThat(FrameSelection.evenlySpaced(3, 8)).containsExactly(0, 1, 2);
    }

    @Test
    void spreadsTheSelectionOverTheWholeLoop() {
        // 40 frames, 8 wanted: segment centres at 2.5, 7.5, ... 37.5 -> floor
        assertThat(FrameSelection.evenlySpaced(40, 8)).containsExactly(2, 7, 12, 17, 22, 27, 32, 37);
        assertThat(FrameSelection.evenlySpaced(9, 1)).containsExactly(4);
    }
}
