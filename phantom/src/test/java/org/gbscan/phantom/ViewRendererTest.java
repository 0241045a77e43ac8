package org.gbscan.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import org.gbscan.core.Label;
import org.gbscan.core.PixelFormat;
import org.junit.jupiter.api.Test;

/** Rendered views checked against the geometry that made them. */
class ViewRendererTest {
    private static final int W = 256;
    private static final int H = 192;

    @Test
    void masksLieInsideTheImageAndInsideTheFanAndTheCordOutsideTheGallbladder() {
        PatientSampler patients = new PatientSampler(21, 0.2);
        ViewSampler views = new ViewSampler(21, 0.2, W, H);
        for (int i = 0; i < 40; i++) {
            ViewCase v = views.sample(patients.sample(i, i % 2 == 0), 0, 1, 1, 1);
            ViewRenderer.Rendered r = new ViewRenderer().render(v);
            Mask fan = new BModeRenderer(v.geometry()).fanMask();
            if (!v.gallbladderInView()) {
                assertThat(r.gallbladder()).as("view %d misses the gallbladder: no mask", i).isNull();
                assertThat(r.cord()).isNull();
                continue;
            }
            assertThat(r.gallbladder().width()).isEqualTo(W);
            assertThat(r.gallbladder().height()).isEqualTo(H);
            assertThat(r.gallbladder().area()).as("view %d", i).isPositive();
            assertThat(r.gallbladder().within(fan)).as("view %d", i).isTrue();
            if (r.cord() != null) {
                assertThat(r.cord().within(fan)).isTrue();
                assertThat(r.cord().union(r.gallbladder()).area()).isEqualTo(r.cord().area() + r.gallbladder().area());
            }
        }
    }

    @Test
    void theGallbladderLumenIsDarkerThanTheLiverAroundIt() {
        PatientSampler patients = new PatientSampler(5, 0);
        ViewSampler views = new ViewSampler(5, 0, W, H);
        for (int i = 0; i < 10; i++) {
            ViewCase v = views.sample(patients.sample(i, false), 0, 1, 1, 1);
            ViewRenderer.Rendered r = new ViewRenderer().render(v);
            byte[] pixels = grey(r);
            Mask gb = r.gallbladder();
            Mask fan = new BModeRenderer(v.geometry()).fanMask();
            double inside = median(pixels, gb, fan, true), outside = median(pixels, gb, fan, false);
            assertThat(inside).as("view %d", i).isLessThan(outside * 0.5);
        }
    }

    @Test
    void baGallbladdersCoverLessTissueThanNormalOnesOnAverage() {
        PatientSampler patients = new PatientSampler(8, 0.2);
        ViewSampler views = new ViewSampler(8, 0.2, W, H);
        double[] areaMm2 = new double[2];
        int[] n = new int[2];
        for (int i = 0; i < 40; i++) {
            PatientCase p = patients.sample(i, i % 2 == 0);
            ViewCase v = views.sample(p, 0, 1, 1, 1);
            Mask gb = new GallbladderShape(v.gallbladder()).mask(v.geometry());
            int k = p.label() == Label.BA ? 0 : 1;
            areaMm2[k] += gb.area() * v.geometry().mmPerPx() * v.geometry().mmPerPx();
            n[k]++;
        }
        assertThat(areaMm2[0] / n[0]).isLessThan(0.6 * areaMm2[1] / n[1]);
    }

    @Test
    void someNonBaViewsMissTheGallbladderAndNoBaViewDoes() {
        PatientSampler patients = new PatientSampler(13, 0.2);
        ViewSampler views = new ViewSampler(13, 0.2, W, H);
        int[] missed = new int[2];
        int[] total = new int[2];
        for (int i = 0; i < 400; i++) {
            PatientCase p = patients.sample(i, i % 2 == 0);
            ViewCase v = views.sample(p, 0, 1, 1, 1);
            int k = p.label() == Label.BA ? 0 : 1;
            total[k]++;
            if (!v.gallbladderInView()) {
                missed[k]++;
            }
        }
        assertThat(missed[0]).isZero();
        assertThat((double) missed[1] / total[1]).isBetween(0.17, 0.33); // 0.25 expected at hard fraction 0.2
        PatientSampler easy = new PatientSampler(13, 0);
        ViewSampler easyViews = new ViewSampler(13, 0, W, H);
        for (int i = 0; i < 100; i++) {
            assertThat(easyViews.sample(easy.sample(i, false), 0, 1, 1, 1).gallbladderInView()).isTrue();
        }
    }

    @Test
    void aViewThatMissesTheGallbladderShowsNoLumenWhereItWouldBe() {
        PatientSampler patients = new PatientSampler(13, 0.2);
        ViewSampler views = new ViewSampler(13, 0.2, W, H);
        for (int i = 0; i < 400; i++) {
            PatientCase p = patients.sample(i, false);
            ViewCase v = views.sample(p, 0, 1, 1, 1);
            if (v.gallbladderInView()) {
                continue;
            }
            ViewRenderer.Rendered r = new ViewRenderer().render(v);
            Mask where = new GallbladderShape(v.gallbladder()).mask(v.geometry());
            Mask fan = new BModeRenderer(v.geometry()).fanMask();
            byte[] pixels = grey(r);
            assertThat(median(pixels, where, fan, true)).as("no dark lumen where the gallbladder would be")
                    .isGreaterThan(median(pixels, where, fan, false) * 0.6);
            return;
        }
        throw new AssertionError("no view missed the gallbladder in 400 non-BA patients");
    }

    @Test
    void cineFramesMoveSlightlyAndFrameZeroIsTheMaskedOne() {
        PatientSampler patients = new PatientSampler(2, 0.2);
        ViewCase v = new ViewSampler(2, 0.2, W, H).sample(patients.sample(0, true), 0, 2, 1, 10);
        ViewRenderer.Rendered r = new ViewRenderer().render(v);
        assertThat(r.frames()).hasSize(10);
        assertThat(v.dx()[0]).isZero();
        assertThat(v.dy()[0]).isZero();
        for (int k = 0; k < 10; k++) {
            assertThat(Math.hypot(v.dx()[k], v.dy()[k])).isLessThanOrEqualTo(3);
        }
        assertThat(r.frames().get(1)).isNotEqualTo(r.frames().get(0));
    }

    private static byte[] grey(ViewRenderer.Rendered r) {
        byte[] p = r.frames().get(0);
        if (r.format() == PixelFormat.GRAY8) {
            return p;
        }
        byte[] g = new byte[p.length / 3];
        for (int i = 0; i < g.length; i++) {
            g[i] = p[3 * i + 1];
        }
        return g;
    }

    /** Median grey level inside or outside the gallbladder, within the fan (robust to wall, calipers and text). */
    private static double median(byte[] pixels, Mask gb, Mask fan, boolean inside) {
        int[] histogram = new int[256];
        int n = 0;
        for (int i = 0; i < pixels.length; i++) {
            if (fan.values()[i] != 0 && (gb.values()[i] != 0) == inside) {
                histogram[pixels[i] & 0xff]++;
                n++;
            }
        }
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen * 2 >= n) {
                return v;
            }
        }
        return 255;
    }
}
