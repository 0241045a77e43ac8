package org.gbscan.core.dicom;

import java.util.List;
import java.util.Objects;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.SopClass;

/**
 * Everything needed to write one image object. The SOP class (from {@code ref}) chooses the IOD:
 * Ultrasound (single/multi-frame), Secondary Capture or VL Photographic.
 *
 * @param frames            all frames, same size and format (GRAY8 for monochrome/palette, RGB8 for colour)
 * @param photometric       how to store them; must fit the frames' format
 * @param encoding          transfer syntax to write
 * @param spacing           written as an ultrasound region (US) or Pixel Spacing (SC/VL), or null
 * @param frameTimeMs       cine frame time for multi-frame US, ignored otherwise
 * @param derivedFrom       source images this one was made from (Source Image Sequence), may be empty
 */
public record ImageSpec(InstanceRef ref, List<Frame> frames, Photometric photometric, Encoding encoding,
                        PixelSpacing spacing, Equipment equipment, String seriesDescription,
                        boolean burnedInAnnotation, boolean derived, String derivationDescription,
                        double frameTimeMs, List<InstanceRef> derivedFrom) {
    public ImageSpec {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(photometric, "photometric");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(equipment, "equipment");
        frames = List.copyOf(frames);
        derivedFrom = List.copyOf(derivedFrom == null ? List.of() : derivedFrom);
        seriesDescription = Objects.requireNonNullElse(seriesDescription, "");
        derivationDescription = Objects.requireNonNullElse(derivationDescription, "");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one frame");
        }
        Frame first = frames.get(0);
        for (Frame f : frames) {
            if (f.width() != first.width() || f.height() != first.height() || f.format() != first.format()) {
                throw new IllegalArgumentException("all frames of one image must share size and format");
            }
        }
        PixelFormat needed = photometric.samplesPerPixel() == 3 ? PixelFormat.RGB8 : PixelFormat.GRAY8;
        if (photometric == Photometric.PALETTE_COLOR) {
            needed = PixelFormat.RGB8; // palette images are written from colour frames (<= 256 colours)
        }
        if (first.format() != needed) {
            throw new IllegalArgumentException(photometric.dicomName() + " needs " + needed + " frames, got " + first.format());
        }
        if (!encoding.writable()) {
            throw new IllegalArgumentException("gbscan reads " + encoding + " but writes only native encodings and JPEG baseline");
        }
        if (encoding == Encoding.JPEG_BASELINE && !(photometric == Photometric.MONOCHROME2 || photometric == Photometric.YBR_FULL_422)) {
            throw new IllegalArgumentException("JPEG baseline is written as MONOCHROME2 or YBR_FULL_422, not " + photometric.dicomName());
        }
        SopClass sop = SopClass.ofUid(ref.sopClassUid())
                .orElseThrow(() -> new IllegalArgumentException("cannot write SOP class " + ref.sopClassUid()));
        if (!sop.isScorableImage()) {
            throw new IllegalArgumentException("ImageSpec writes image objects, not " + sop.title());
        }
        if (sop == SopClass.US_IMAGE && frames.size() != 1) {
            throw new IllegalArgumentException("Ultrasound Image holds one frame; use Ultrasound Multi-frame Image");
        }
    }

    /** A single-frame, uncompressed, original image with no derivation: the common case. */
    public static ImageSpec original(InstanceRef ref, List<Frame> frames, Photometric photometric,
                                     PixelSpacing spacing, Equipment equipment, String seriesDescription) {
        return new ImageSpec(ref, frames, photometric, Encoding.EXPLICIT_VR_LITTLE_ENDIAN, spacing, equipment,
                seriesDescription, true, false, "", 33.3, List.of());
    }

    public ImageSpec withEncoding(Encoding newEncoding) {
        return new ImageSpec(ref, frames, photometric, newEncoding, spacing, equipment, seriesDescription,
                burnedInAnnotation, derived, derivationDescription, frameTimeMs, derivedFrom);
    }

    public SopClass sopClass() {
        return SopClass.ofUid(ref.sopClassUid()).orElseThrow();
    }

    /** General Equipment module: who made the object. */
    public record Equipment(String manufacturer, String modelName, String softwareVersion, String institution) {
        public Equipment {
            manufacturer = Objects.requireNonNullElse(manufacturer, "");
            modelName = Objects.requireNonNullElse(modelName, "");
            softwareVersion = Objects.requireNonNullElse(softwareVersion, "");
            institution = Objects.requireNonNullElse(institution, "");
        }
    }
}
