package org.gbscan.web;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.Photos;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.LimitExceededException;

/**
 * Turns an upload into an {@link ImageInstance} the scorer takes, by the same readers the rest of
 * gbscan uses ({@link Photos} for JPEG/PNG, {@link DicomFiles} for DICOM), and refuses what cannot be
 * scored: 415 for a file that is not a JPEG, PNG or DICOM image, 422 for one that is but cannot be used.
 */
final class UploadDecoder {
    private final WebSettings settings;

    UploadDecoder(WebSettings settings) {
        this.settings = settings;
    }

    ImageInstance decode(Upload upload) {
        FileKind kind = FileKind.of(upload.bytes());
        ImageInstance image = switch (kind) {
            case JPEG, PNG -> photo(upload, kind, settings.maxImagePixels());
            case DICOM -> dicom(upload, true);
            default -> declaredDicom(upload) ? dicom(upload, false) : refuse(upload, kind);
        };
        for (Frame frame : image.frames()) {
            ImageChecks.requireUsable(frame, settings.minImageSide(), upload.displayName());
        }
        return image;
    }

    private static ImageInstance photo(Upload upload, FileKind kind, long maxPixels) {
        try {
            return Photos.read(upload.bytes(), upload.displayName(), maxPixels);
        } catch (Photos.TooManyPixelsException e) {
            throw ApiException.tooManyPixels(e.getMessage() + " (web.maxImagePixels): send the photo as the camera"
                    + " took it, or scaled down");
        } catch (Photos.NotAnImageException e) {
            throw ApiException.unprocessable("the " + kind.description() + " could not be decoded (" + e.getMessage()
                    + "): it may be truncated or damaged; take the photo again");
        }
    }

    private ImageInstance dicom(Upload upload, boolean hasPreamble) {
        try {
            // the configured image limits are checked on the header before any pixel is decoded
            return DicomFiles.read(new ByteArrayInputStream(upload.bytes()), settings.maxFrames(), settings.dicomLimits());
        } catch (LimitExceededException e) {
            throw ApiException.tooManyPixels("the DICOM file asks for more than gbscan decodes: " + e.getMessage()
                    + " (listener.image.*): send a single image or a shorter cine loop");
        } catch (BadDicomException e) {
            if (!hasPreamble) {
                throw ApiException.unsupportedType(upload.displayName() + " is declared as DICOM but is not a DICOM"
                        + " Part 10 file (" + e.getMessage() + "): upload a JPEG or PNG photo or a DICOM image file");
            }
            throw ApiException.unprocessable("the DICOM file cannot be scored: " + e.getMessage());
        } catch (RuntimeException e) {
            // The adapter promises BadDicomException; anything else still means this file cannot be read.
            throw ApiException.unprocessable("the DICOM file cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** DICOM files without the 128-byte preamble exist; try them only when the client says DICOM. */
    private static boolean declaredDicom(Upload upload) {
        String type = upload.contentType().toLowerCase(Locale.ROOT);
        String name = upload.fileName().toLowerCase(Locale.ROOT);
        return type.startsWith("application/dicom") || name.endsWith(".dcm") || name.endsWith(".dicom");
    }

    private static ImageInstance refuse(Upload upload, FileKind kind) {
        String what = kind == FileKind.UNKNOWN ? "not an image" : "a " + kind.description();
        String hint = kind == FileKind.HEIC
                ? " (on an iPhone, set Settings > Camera > Formats to 'Most Compatible', or share the photo as JPEG)"
                : "";
        throw ApiException.unsupportedType(upload.displayName() + " is " + what
                + ": upload a JPEG or PNG photo of the ultrasound image, or a DICOM file" + hint);
    }
}
