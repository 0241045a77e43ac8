package org.gbscan.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/** Reads the Red/Green/Blue Palette Color Lookup Tables (PS3.3 C.7.6.3.1.5) into 8-bit entries. */
final class PaletteTables {
    private PaletteTables() {
    }

    /** @return [3][entries + 1]: the last slot of each row holds the first mapped input value. */
    static int[][] read(AttributeList list) throws BadDicomException {
        int[][] tables = new int[3][];
        AttributeTag[] descriptors = {TagFromName.RedPaletteColorLookupTableDescriptor,
            TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableDescriptor};
        AttributeTag[] data = {TagFromName.RedPaletteColorLookupTableData,
            TagFromName.GreenPaletteColorLookupTableData, TagFromName.BluePaletteColorLookupTableData};
        try {
            for (int c = 0; c < 3; c++) {
                int[] d = Attribute.getIntegerValues(list, descriptors[c]);
                Attribute lut = list.get(data[c]);
                if (d == null || d.length != 3 || lut == null) {
                    throw new BadDicomException("PALETTE COLOR image without a complete palette lookup table");
                }
                int entries = d[0] == 0 ? 65536 : d[0] & 0xffff;
                int first = d[1], bits = d[2];
                short[] words = lut.getShortValues();
                int[] table = new int[entries + 1];
                for (int i = 0; i < entries; i++) {
                    int v;
                    if (bits == 8) { // 8-bit entries are packed two to a word
                        int w = words[i / 2] & 0xffff;
                        v = (i % 2 == 0) ? (w & 0xff) : (w >> 8);
                    } else {
                        if (i >= words.length) {
                            throw new BadDicomException("palette lookup table is shorter than its descriptor says");
                        }
                        v = (words[i] & 0xffff) >> 8;
                    }
                    table[i] = v;
                }
                table[entries] = first;
                tables[c] = table;
            }
        } catch (DicomException | ArrayIndexOutOfBoundsException e) {
            throw new BadDicomException("palette lookup table cannot be read: " + e.getMessage(), e);
        }
        return tables;
    }

    static int[] lookup(int[][] tables, int index) {
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            int[] t = tables[c];
            int entries = t.length - 1;
            int i = Math.max(0, Math.min(entries - 1, index - t[entries]));
            rgb[c] = t[i];
        }
        return rgb;
    }
}
