package org.gbscan.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What an upload is, told from its first bytes (the declared type and name are only hints). */
enum FileKind {
    JPEG("JPEG image"), PNG("PNG image"), DICOM("DICOM file"),
    HEIC("HEIC/HEIF image"), GIF("GIF image"), WEBP("WebP image"), BMP("BMP image"), TIFF("TIFF image"),
    PDF("PDF document"), UNKNOWN("unrecognised data");

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    static FileKind of(byte[] b) {
        if (b.length >= 132 && ascii(b, 128, 4).equals("DICM")) {
            return DICOM;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return JPEG;
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && ascii(b, 1, 3).equals("PNG") && b[4] == 0x0D && b[5] == 0x0A) {
            return PNG;
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4).toLowerCase(Locale.ROOT);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return HEIC;
            }
        }
        if (b.length >= 4 && ascii(b, 0, 4).startsWith("GIF8")) {
            return GIF;
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return WEBP;
        }
        if (b.length >= 2 && ascii(b, 0, 2).equals("BM")) {
            return BMP;
        }
        if (b.length >= 4 && (ascii(b, 0, 4).equals("II*\0") || ascii(b, 0, 4).equals("MM\0*"))) {
            return TIFF;
        }
        if (b.length >= 5 && ascii(b, 0, 5).equals("%PDF-")) {
            return PDF;
        }
        return UNKNOWN;
    }

    private static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }
}
