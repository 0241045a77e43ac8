package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.gbscan.core.InstanceRef;

/**
 * The shared modules and Part 10 I/O of this package, opened to the adapter's own sub-packages
 * ({@code org.gbscan.core.dicom.sr}, {@code .net}). Its signatures carry PixelMed types, so nothing
 * outside the adapter can call it (only the adapter may import PixelMed); it is not gbscan API.
 */
public final class AdapterSupport {
    private AdapterSupport() {
    }

    public static String today() {
        return CommonModules.today();
    }

    public static String now() {
        return CommonModules.now();
    }

    /** SOP Common, Patient, General Study, General Series and General Equipment, as every object we write has them. */
    public static void commonModules(AttributeList list, InstanceRef ref, String seriesDescription,
                                     ImageSpec.Equipment equipment) throws DicomException {
        CommonModules.sopCommon(list, ref);
        CommonModules.patientAndStudy(list, ref.study());
        CommonModules.series(list, ref, seriesDescription);
        CommonModules.equipment(list, equipment);
    }

    public static void put(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String... values) throws DicomException {
        Attrs.put(list, tag, values);
    }

    public static String string(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attrs.string(list, tag);
    }

    public static void writePart10(AttributeList list, Encoding encoding, OutputStream out) throws DicomException, IOException {
        DicomFiles.writePart10(list, encoding.uid(), out);
    }

    public static AttributeList parse(InputStream in) throws BadDicomException {
        return DicomReader.parse(in, true);
    }

    public static InstanceRef refOf(AttributeList list) throws BadDicomException {
        return DicomReader.refOf(list);
    }
}
