package org.gbscan.app.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.ImageLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes every spooled instance of a study once, taking at most {@code cineFrames} evenly spaced frames
 * of a cine loop. An unreadable instance, or one beyond the configured image limits (the listener's, checked
 * again here on the header before decoding: a spool may hold instances received under wider limits), is
 * skipped and logged; a study with nothing scorable is unusable.
 */
public final class StudyLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StudyLoader.class);
    private final int cineFrames;
    private final ImageLimits limits;

    public StudyLoader(int cineFrames, ImageLimits limits) {
        this.cineFrames = cineFrames;
        this.limits = limits;
    }

    public StudyWork load(StudyWork work) throws UnusableStudyException {
        List<ImageInstance> images = new ArrayList<>();
        StudyRef study = null;
        int skipped = 0;
        for (Path file : work.parcel().files()) {
            try {
                ImageInstance image = DicomFiles.read(file, cineFrames, limits);
                if (study == null) {
                    study = image.ref().study(); // as the listener describes a study: by its first readable instance
                }
                boolean scorable = SopClass.ofUid(image.ref().sopClassUid()).map(SopClass::isScorableImage).orElse(false);
                if (scorable) {
                    images.add(image);
                } else {
                    skipped++;
                }
            } catch (BadDicomException e) {
                skipped++;
                LOG.warn("study {}: instance {} skipped: {}", work.logTag(), org.gbscan.core.LogTags.of(file.getFileName().toString()), e.getMessage());
            }
        }
        if (images.isEmpty()) {
            throw new UnusableStudyException("study " + work.logTag() + " has no scorable image among "
                    + work.parcel().files().size() + " instances");
        }
        return work.loaded(study, images, skipped);
    }
}
