package org.gbscan.trainer.data;

import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Photos;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;

import java.io.IOException;
import java.util.List;

/** Decodes a labelled file into frames: DICOM through core's reader (cine loops thinned), photos through core's photo reader. */
public final class ImageLoader {
    private final int maxFramesPerFile;

    /** @param maxFramesPerFile evenly spaced frames taken from a cine loop; 0 = all */
    public ImageLoader(int maxFramesPerFile) {
        this.maxFramesPerFile = maxFramesPerFile;
    }

    /** Thrown for a file that was labelled but cannot be decoded; the message names it. */
    public static final class UnreadableImageException extends Exception {
        public UnreadableImageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public List<Frame> frames(LabeledImage image) throws UnreadableImageException {
        return instance(image).frames();
    }

    /** The decoded frames with what the file says about them (pixel spacing, when it states one). */
    public ImageInstance instance(LabeledImage image) throws UnreadableImageException {
        try {
            return switch (image.file().kind()) {
                case DICOM -> DicomFiles.read(image.file().file(), maxFramesPerFile);
                case PHOTO -> Photos.read(image.file().file());
            };
        } catch (BadDicomException | Photos.NotAnImageException | IOException | RuntimeException e) {
            throw new UnreadableImageException(image.id() + ": " + e.getMessage(), e);
        }
    }
}
