package org.gbscan.app.pipeline;

import java.util.List;
import java.util.Objects;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.handoff.StudyParcel;

/**
 * One study on its way through the route. Each step returns a copy with its part filled in, so the
 * message body always says how far the study got.
 *
 * @param parcel the revision and where its instance files are on this node
 * @param study  the study as its instances describe it, null before loading
 * @param images decoded instances (each frame decoded once, here), empty before loading
 * @param result the model's verdict, null before scoring
 */
public record StudyWork(StudyParcel parcel, StudyRef study, List<ImageInstance> images, int skippedFiles, StudyResult result,
                        long startedNanos) {
    public StudyWork {
        Objects.requireNonNull(parcel, "parcel");
        images = List.copyOf(images);
    }

    public static StudyWork arrived(StudyParcel parcel) {
        return new StudyWork(parcel, null, List.of(), 0, null, System.nanoTime());
    }

    public StudyWork loaded(StudyRef described, List<ImageInstance> decoded, int skipped) {
        return new StudyWork(parcel, described, decoded, skipped, result, startedNanos);
    }

    public StudyWork scored(StudyResult scored) {
        return new StudyWork(parcel, study, images, skippedFiles, scored, startedNanos);
    }

    public int revision() {
        return parcel.revision();
    }

    public String logTag() {
        return parcel.logTag();
    }

    public double secondsSinceArrival() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
