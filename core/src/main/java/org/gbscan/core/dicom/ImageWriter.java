package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.SopClass;

/** Builds the attribute list of an image IOD (US, US multi-frame, SC, VL Photographic) from an {@link ImageSpec}. */
final class ImageWriter {
    private ImageWriter() {
    }

    static AttributeList build(ImageSpec spec) throws DicomException {
        AttributeList list = new AttributeList();
        InstanceRef ref = spec.ref();
        SopClass sop = spec.sopClass();
        Frame first = spec.frames().get(0);
        CommonModules.sopCommon(list, ref);
        CommonModules.patientAndStudy(list, ref.study());
        CommonModules.series(list, ref, spec.seriesDescription());
        CommonModules.equipment(list, spec.equipment());

        // General Image (C.7.6.1)
        Attrs.put(list, TagFromName.InstanceNumber, Integer.toString(Math.max(1, ref.instanceNumber())));
        Attrs.putEmpty(list, TagFromName.PatientOrientation);
        Attrs.put(list, TagFromName.ContentDate, CommonModules.today());
        Attrs.put(list, TagFromName.ContentTime, CommonModules.now());
        Attrs.put(list, TagFromName.BurnedInAnnotation, spec.burnedInAnnotation() ? "YES" : "NO");
        Attrs.put(list, TagFromName.ImageType, imageType(spec, sop));
        if (!spec.derivationDescription().isEmpty()) {
            Attrs.put(list, TagFromName.DerivationDescription, spec.derivationDescription());
        }
        if (!spec.derivedFrom().isEmpty()) {
            SequenceAttribute seq = Attrs.emptySequence(list, TagFromName.SourceImageSequence);
            for (InstanceRef source : spec.derivedFrom()) {
                AttributeList item = new AttributeList();
                Attrs.put(item, TagFromName.ReferencedSOPClassUID, source.sopClassUid());
                Attrs.put(item, TagFromName.ReferencedSOPInstanceUID, source.sopInstanceUid());
                seq.addItem(item);
            }
        }
        boolean lossy = spec.encoding().lossy();
        Attrs.put(list, TagFromName.LossyImageCompression, lossy ? "01" : "00");
        if (lossy) {
            Attrs.put(list, TagFromName.LossyImageCompressionMethod, "ISO_10918_1");
        }

        // Image Pixel (C.7.6.3)
        Photometric pi = spec.photometric();
        Attrs.putInts(list, TagFromName.SamplesPerPixel, pi.samplesPerPixel());
        Attrs.put(list, TagFromName.PhotometricInterpretation, pi.dicomName());
        Attrs.putInts(list, TagFromName.Rows, first.height());
        Attrs.putInts(list, TagFromName.Columns, first.width());
        Attrs.putInts(list, TagFromName.BitsAllocated, 8);
        Attrs.putInts(list, TagFromName.BitsStored, 8);
        Attrs.putInts(list, TagFromName.HighBit, 7);
        Attrs.putInts(list, TagFromName.PixelRepresentation, 0);
        if (pi.samplesPerPixel() == 3) {
            Attrs.putInts(list, TagFromName.PlanarConfiguration, pi == Photometric.YBR_FULL ? 1 : 0);
        }
        if (spec.frames().size() > 1 || sop == SopClass.US_MULTIFRAME_IMAGE) {
            Attrs.put(list, TagFromName.NumberOfFrames, Integer.toString(spec.frames().size()));
            list.put(frameIncrementPointer());
            Attrs.put(list, TagFromName.FrameTime, String.format(java.util.Locale.ROOT, "%.1f", spec.frameTimeMs()));
        }

        switch (sop) {
            case US_IMAGE, US_MULTIFRAME_IMAGE -> ModalityModules.ultrasound(list, spec);
            case SECONDARY_CAPTURE -> ModalityModules.secondaryCapture(list, spec);
            case VL_PHOTOGRAPHIC -> ModalityModules.vlPhotographic(list, spec);
            default -> throw new IllegalStateException("not an image class: " + sop);
        }
        if (pi == Photometric.PALETTE_COLOR) {
            PixelEncoder.putPalette(list, spec.frames());
        } else if (spec.encoding() == Encoding.JPEG_BASELINE) {
            OtherByteAttributeMultipleCompressedFrames pd =
                    new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, PixelEncoder.jpegFrames(spec));
            list.put(pd);
        } else {
            byte[] pixels = PixelEncoder.raw(spec.frames(), pi);
            OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
            pd.setValues(pixels.length % 2 == 0 ? pixels : java.util.Arrays.copyOf(pixels, pixels.length + 1));
            list.put(pd);
        }
        return list;
    }

    private static String[] imageType(ImageSpec spec, SopClass sop) {
        String origin = spec.derived() ? "DERIVED" : "ORIGINAL";
        String role = spec.derived() ? "SECONDARY" : "PRIMARY";
        if (sop == SopClass.US_IMAGE || sop == SopClass.US_MULTIFRAME_IMAGE) {
            return new String[] {origin, role, "ABDOMINAL", "0001"}; // value 4: 0001 = 2D imaging (C.8.5.6.1.1)
        }
        return new String[] {origin, role};
    }

    private static com.pixelmed.dicom.Attribute frameIncrementPointer() throws DicomException {
        com.pixelmed.dicom.AttributeTagAttribute a = new com.pixelmed.dicom.AttributeTagAttribute(TagFromName.FrameIncrementPointer);
        AttributeTag frameTime = TagFromName.FrameTime;
        a.addValue(frameTime.getGroup(), frameTime.getElement());
        return a;
    }

    static OtherWordAttribute words(AttributeTag tag, short[] values) throws DicomException {
        OtherWordAttribute a = new OtherWordAttribute(tag);
        a.setValues(values);
        return a;
    }

    static List<Frame> frames(ImageSpec spec) {
        return spec.frames();
    }
}
