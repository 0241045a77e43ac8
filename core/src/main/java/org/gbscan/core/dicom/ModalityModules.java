package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Locale;
import org.gbscan.core.Frame;
import org.gbscan.core.PixelSpacing;

/** The IOD-specific modules: US Image / US Region Calibration, SC Equipment + SC Image, VL Image + Acquisition Context. */
final class ModalityModules {
    private ModalityModules() {
    }

    static void ultrasound(AttributeList list, ImageSpec spec) throws DicomException {
        PixelSpacing spacing = spec.spacing();
        if (spacing != null) {
            Frame f = spec.frames().get(0);
            SequenceAttribute regions = Attrs.emptySequence(list, TagFromName.SequenceOfUltrasoundRegions);
            AttributeList region = new AttributeList();
            Attrs.putInts(region, TagFromName.RegionSpatialFormat, 1);    // 1 = 2D (tissue or flow)
            Attrs.putInts(region, TagFromName.RegionDataType, 1);         // 1 = tissue
            Attrs.putInts(region, TagFromName.RegionFlags, 0);
            Attrs.putInts(region, TagFromName.RegionLocationMinX0, 0);
            Attrs.putInts(region, TagFromName.RegionLocationMinY0, 0);
            Attrs.putInts(region, TagFromName.RegionLocationMaxX1, f.width() - 1);
            Attrs.putInts(region, TagFromName.RegionLocationMaxY1, f.height() - 1);
            Attrs.putInts(region, TagFromName.PhysicalUnitsXDirection, 3); // 3 = cm
            Attrs.putInts(region, TagFromName.PhysicalUnitsYDirection, 3);
            putDouble(region, TagFromName.PhysicalDeltaX, spacing.columnMm() / 10.0);
            putDouble(region, TagFromName.PhysicalDeltaY, spacing.rowMm() / 10.0);
            regions.addItem(region);
        }
    }

    static void secondaryCapture(AttributeList list, ImageSpec spec) throws DicomException {
        Attrs.put(list, TagFromName.ConversionType, spec.derived() ? "WSD" : "SYN"); // workstation / synthetic
        Attrs.put(list, TagFromName.DateOfSecondaryCapture, CommonModules.today());
        Attrs.put(list, TagFromName.TimeOfSecondaryCapture, CommonModules.now());
        if (spec.spacing() != null) {
            // Basic Pixel Spacing Calibration macro: the spacing copied from the source ultrasound image
            Attrs.put(list, TagFromName.PixelSpacing, fmt(spec.spacing().rowMm()), fmt(spec.spacing().columnMm()));
        }
    }

    static void vlPhotographic(AttributeList list, ImageSpec spec) throws DicomException {
        Attrs.emptySequence(list, TagFromName.AcquisitionContextSequence);
        Attrs.put(list, TagFromName.AcquisitionDateTime, CommonModules.today() + CommonModules.now());
        if (spec.spacing() != null) {
            Attrs.put(list, TagFromName.PixelSpacing, fmt(spec.spacing().rowMm()), fmt(spec.spacing().columnMm()));
        }
    }

    private static void putDouble(AttributeList list, com.pixelmed.dicom.AttributeTag tag, double v) throws DicomException {
        list.putNewAttribute(tag).addValue(v);
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        return s.length() > 16 ? s.substring(0, 16) : s;
    }
}
