package org.gbscan.core.dicom.net;

/** AE title rules (PS3.5 AE: 1-16 characters, no backslash or control characters, not all spaces). */
public final class AeTitles {
    private AeTitles() {
    }

    public static boolean isValid(String ae) {
        if (ae == null || ae.isBlank() || ae.length() > 16) {
            return false;
        }
        return ae.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\');
    }

    public static String requireValid(String ae, String what) {
        if (!isValid(ae)) {
            throw new IllegalArgumentException(what + " must be 1-16 printable ASCII characters without backslash, got '" + ae + "'");
        }
        return ae.trim();
    }
}
