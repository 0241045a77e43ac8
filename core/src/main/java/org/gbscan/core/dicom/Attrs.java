package org.gbscan.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;

/** Small helpers over PixelMed's attribute list, so the adapter code reads as DICOM rows. */
final class Attrs {
    private Attrs() {
    }

    static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    static String delimited(AttributeList list, AttributeTag tag) {
        return Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
    }

    static int integer(AttributeList list, AttributeTag tag, int defaultValue) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, defaultValue);
    }

    static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = list.putNewAttribute(tag);
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                a.addValue(v);
            }
        }
    }

    static void putInts(AttributeList list, AttributeTag tag, int... values) throws DicomException {
        Attribute a = list.putNewAttribute(tag);
        for (int v : values) {
            a.addValue(v);
        }
    }

    /** A present but empty (Type 2) attribute. */
    static void putEmpty(AttributeList list, AttributeTag tag) throws DicomException {
        list.putNewAttribute(tag);
    }

    /** An empty (Type 2) sequence. */
    static SequenceAttribute emptySequence(AttributeList list, AttributeTag tag) {
        SequenceAttribute seq = new SequenceAttribute(tag);
        list.put(seq);
        return seq;
    }
}
