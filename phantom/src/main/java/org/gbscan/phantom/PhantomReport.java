package org.gbscan.phantom;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PhantomGenerator#generate} wrote.
 *
 * @param labels      {@code Image_name,Label,Patient_name} for the DICOM files, names relative to {@code out}
 * @param photoLabels the same for the photos, names relative to {@code out/photos}; null without photos
 */
public record PhantomReport(int patients, int baPatients, int images, int baImages, int frames, int photos,
                            double seconds, double imagesPerSecond, Path out, Path labels, Path photoLabels,
                            Path manifest, List<PhantomImage> imageList) {
    public PhantomReport {
        imageList = List.copyOf(imageList);
    }
}
