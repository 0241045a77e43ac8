package org.gbscan.phantom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.ImageSpec;

/** Writes a rendered view as an Ultrasound (multi-frame) Image through core's DICOM adapter. UIDs derive from the seed. */
final class StudyWriter {
    static final ImageSpec.Equipment EQUIPMENT =
            new ImageSpec.Equipment("gbscan", "gbscan phantom", "1", "CHILDRENS HOSPITAL US2");

    private final long seed;

    StudyWriter(long seed) {
        this.seed = seed;
    }

    StudyRef study(PatientCase p) {
        return new StudyRef(Uids.derive("gbscan-phantom", Long.toString(seed), p.id(), "study"), p.patient(),
                p.accession(), p.studyDate(), p.studyTime(), Integer.toString(p.index() + 1), "US ABDOMEN INFANT GALLBLADDER");
    }

    void write(StudyRef study, ViewRenderer.Rendered rendered, Path file) throws IOException {
        ViewCase v = rendered.view();
        SopClass sop = v.frames() > 1 ? SopClass.US_MULTIFRAME_IMAGE : SopClass.US_IMAGE;
        String seriesUid = Uids.derive("gbscan-phantom", Long.toString(seed), v.patient().id(), "series", Integer.toString(v.series()));
        String sopUid = Uids.derive("gbscan-phantom", Long.toString(seed), v.patient().id(), "image", v.stem());
        InstanceRef ref = new InstanceRef(study, seriesUid, sopUid, sop.uid(), "US", v.series(), v.instance());
        ScanGeometry g = v.geometry();
        List<Frame> frames = new ArrayList<>(v.frames());
        for (int k = 0; k < rendered.frames().size(); k++) {
            frames.add(new Frame(ref, k, g.width(), g.height(), rendered.format(), rendered.frames().get(k)));
        }
        double frameTime = 1000.0 / (20 + (int) (v.frequencyMhz() * 3));
        ImageSpec spec = new ImageSpec(ref, frames, v.photometric(), v.encoding(), new PixelSpacing(g.mmPerPx(), g.mmPerPx()),
                EQUIPMENT, v.frames() > 1 ? "GB CINE" : "GB B-MODE", true, false, "", frameTime, List.of());
        // Not DicomFiles.write(spec, Path): that fsyncs every file (right for the listener's spool), which
        // made generation I/O-bound (~1 image/s). A set that is lost in a crash is simply generated again.
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            DicomFiles.write(spec, out);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
