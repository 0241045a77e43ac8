package org.gbscan.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Photos;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class PhotoSimulatorTest {
    private static final InstanceRef REF = Fixtures.instance(Fixtures.study("P1"), SopClass.US_IMAGE, 1);

    private static ViewRenderer.Rendered view() {
        PatientSampler patients = new PatientSampler(4, 0.2);
        return new ViewRenderer().render(new ViewSampler(4, 0.2, 256, 192).sample(patients.sample(0, true), 0, 1, 1, 1));
    }

    @Test
    void theSameSeedGivesTheSamePhotoAndAnotherSeedAnotherOne() {
        ViewRenderer.Rendered r = view();
        Frame frame = new Frame(REF, 0, 256, 192, r.format(), r.frames().get(0));
        PhotoSimulator sim = new PhotoSimulator();
        Photo a = sim.simulate(frame, List.of(r.gallbladder()), 1);
        Photo b = sim.simulate(frame, List.of(r.gallbladder()), 1);
        Photo c = sim.simulate(frame, List.of(r.gallbladder()), 2);
        assertThat(b.jpeg()).isEqualTo(a.jpeg());
        assertThat(b.rgb()).isEqualTo(a.rgb());
        assertThat(c.rgb()).isNotEqualTo(a.rgb());
    }

    @Test
    void masksFollowThePerspectiveWarp() {
        ViewRenderer.Rendered r = view();
        Photo photo = new PhotoSimulator(320, 240).simulate(256, 192, r.format(), r.frames().get(0), List.of(r.gallbladder()), 9);
        Mask warped = photo.masks().get(0);
        assertThat(warped.width()).isEqualTo(320);
        assertThat(warped.height()).isEqualTo(240);
        assertThat(warped.area()).isPositive();
        // Every warped mask pixel maps back into the source mask.
        Homography toSource = new Homography(photo.homography()).inverse();
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                if (warped.contains(x, y)) {
                    double[] s = toSource.apply(x + 0.5, y + 0.5);
                    assertThat(r.gallbladder().contains((int) Math.floor(s[0]), (int) Math.floor(s[1]))).isTrue();
                }
            }
        }
    }

    @Test
    void thePhotoIsAColourJpegThatCoreReadsBack() throws Exception {
        ViewRenderer.Rendered r = view();
        Photo photo = new PhotoSimulator().simulate(new Frame(REF, 0, 256, 192, r.format(), r.frames().get(0)), List.of(), 3);
        var read = Photos.read(photo.jpeg(), "photo.jpg").frames().get(0);
        assertThat(read.format()).isEqualTo(PixelFormat.RGB8);
        assertThat(read.width()).isEqualTo(256);
        assertThat(read.pixels()).isEqualTo(photo.rgb());
        assertThat(photo.image().getWidth()).isEqualTo(256);
    }

    @Test
    void augmentKeepsTheSourceIdentityAndGivesAnRgbFrame() {
        ViewRenderer.Rendered r = view();
        Frame source = new Frame(REF, 3, 256, 192, r.format(), r.frames().get(0));
        Frame augmented = new PhotoSimulator().augment(source, 5);
        assertThat(augmented.source()).isEqualTo(REF);
        assertThat(augmented.index()).isEqualTo(3);
        assertThat(augmented.format()).isEqualTo(PixelFormat.RGB8);
    }

    @Test
    void refusesMasksOfAnotherSize() {
        ViewRenderer.Rendered r = view();
        assertThatThrownBy(() -> new PhotoSimulator().simulate(256, 192, r.format(), r.frames().get(0), List.of(Mask.empty(10, 10)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }
}
