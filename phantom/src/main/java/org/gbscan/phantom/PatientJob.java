package org.gbscan.phantom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gbscan.core.StudyRef;

/** Makes one patient's study: samples its views, renders them, writes DICOM, masks and (optionally) photos. */
final class PatientJob {
    private final PhantomOptions options;
    private final ViewSampler views;
    private final ViewRenderer renderer = new ViewRenderer();
    private final StudyWriter writer;
    private final PhotoSimulator photos = new PhotoSimulator();

    PatientJob(PhantomOptions options) {
        this.options = options;
        this.views = new ViewSampler(options.seed(), options.hardFraction(), options.width(), options.height());
        this.writer = new StudyWriter(options.seed());
    }

    List<PhantomImage> run(PatientCase p, Runnable imageDone) throws IOException {
        StudyRef study = writer.study(p);
        SplittableRandom layout = Seeds.rng(options.seed(), p.index(), 3);
        List<PhantomImage> out = new ArrayList<>(p.images());
        int stills = 0, loops = 0;
        for (int k = 0; k < p.images(); k++) {
            boolean cine = layout.nextDouble() < options.cineFraction();
            int frames = cine ? 8 + layout.nextInt(9) : 1;
            int series = cine ? 2 : 1;
            int instance = cine ? ++loops : ++stills;
            ViewCase view = views.sample(p, k, series, instance, frames);
            ViewRenderer.Rendered r = renderer.render(view);
            String file = "studies/" + p.id() + "/" + series + "/" + view.stem() + ".dcm";
            writer.write(study, r, options.out().resolve(file));
            String gbMask = null;
            if (r.gallbladder() != null) {
                gbMask = "masks/" + view.stem() + "_gb.png";
                r.gallbladder().writePng(options.out().resolve(gbMask));
            }
            String cordMask = null;
            if (r.cord() != null) {
                cordMask = "masks/" + view.stem() + "_tc.png";
                r.cord().writePng(options.out().resolve(cordMask));
            }
            String photo = null, photoGb = null, photoCord = null;
            if (options.photos()) {
                List<Mask> findings = new ArrayList<>(2);
                if (r.gallbladder() != null) {
                    findings.add(r.gallbladder());
                }
                if (r.cord() != null) {
                    findings.add(r.cord());
                }
                Photo ph = photos.simulate(options.width(), options.height(), r.format(), r.frames().get(0), findings,
                        Seeds.mix(options.seed(), p.index(), k, 4));
                photo = "photos/" + view.stem() + ".jpg";
                Path photoFile = options.out().resolve(photo);
                Files.createDirectories(photoFile.getParent());
                Files.write(photoFile, ph.jpeg());
                int next = 0;
                if (r.gallbladder() != null) {
                    photoGb = "photos/masks/" + view.stem() + "_gb.png";
                    ph.masks().get(next++).writePng(options.out().resolve(photoGb));
                }
                if (r.cord() != null) {
                    photoCord = "photos/masks/" + view.stem() + "_tc.png";
                    ph.masks().get(next).writePng(options.out().resolve(photoCord));
                }
            }
            List<int[]> offsets = new ArrayList<>(frames);
            for (int f = 0; f < frames; f++) {
                offsets.add(new int[] {(int) Math.round(view.dx()[f]), (int) Math.round(view.dy()[f])});
            }
            ScanGeometry g = view.geometry();
            double lengthMm = view.gallbladderInView() ? view.gbLengthMm() : 0;
            int areaPx = r.gallbladder() == null ? 0 : r.gallbladder().area();
            out.add(new PhantomImage(file, p.id(), p.label(), p.variant(), series, instance, frames,
                    view.photometric().dicomName(), view.encoding().uid(), g.width(), g.height(), g.mmPerPx(),
                    lengthMm, areaPx, r.cord() != null, view.flags(), gbMask, cordMask,
                    photo, photoGb, photoCord, offsets));
            imageDone.run();
        }
        return out;
    }
}
