package org.gbscan.app.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
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
 *
 * <p>The whole study is held in memory while it is scored, so the frames kept for one study are bounded too,
 * by the same {@code listener.image.maxDecodedBytes} that bounds one instance: each instance may pass the caps
 * and a study of a thousand of them still must not exhaust the heap. Instances beyond that budget are skipped
 * and logged (the study is scored on those that fit, in the order they were received); while one is read the
 * peak is at most one more instance's worth.
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
        long keptBytes = 0;
        int overBudget = 0;
        for (Path file : work.parcel().files()) {
            try {
                ImageInstance image = DicomFiles.read(file, cineFrames, limits);
                if (study == null) {
                    study = image.ref().study(); // as the listener describes a study: by its first readable instance
                }
                boolean scorable = SopClass.ofUid(image.ref().sopClassUid()).map(SopClass::isScorableImage).orElse(false);
                long bytes = decodedBytes(image);
                if (scorable && keptBytes + bytes > limits.maxDecodedBytes()) {
                    skipped++;
                    overBudget++;
                } else if (scorable) {
                    images.add(image);
                    keptBytes += bytes;
                } else {
                    skipped++;
                }
            } catch (BadDicomException e) {
                skipped++;
                LOG.warn("study {}: instance {} skipped: {}", work.logTag(), org.gbscan.core.LogTags.of(file.getFileName().toString()), e.getMessage());
            }
        }
        if (overBudget > 0) {
            LOG.warn("study {}: {} instances skipped, the study's decoded frames would exceed listener.image.maxDecodedBytes ({} bytes)",
                    work.logTag(), overBudget, limits.maxDecodedBytes());
        }
        if (images.isEmpty()) {
            throw new UnusableStudyException("study " + work.logTag() + " has no scorable image among "
                    + work.parcel().files().size() + " instances");
        }
        return work.loaded(study, images, skipped);
    }

    private static long decodedBytes(ImageInstance image) {
        long bytes = 0;
        for (Frame frame : image.frames()) {
            bytes += frame.pixels().length;
        }
        return bytes;
    }
}
