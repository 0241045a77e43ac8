package org.gbscan.core.dicom;

/** Transfer syntaxes gbscan reads and writes. */
public enum Encoding {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", false),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", false),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", true);

    private final String uid;
    private final boolean lossy;

    Encoding(String uid, boolean lossy) {
        this.uid = uid;
        this.lossy = lossy;
    }

    public String uid() {
        return uid;
    }

    public boolean lossy() {
        return lossy;
    }

    public static Encoding ofUid(String uid) throws BadDicomException {
        for (Encoding e : values()) {
            if (e.uid.equals(uid)) {
                return e;
            }
        }
        throw new BadDicomException("transfer syntax " + uid + " is not supported: send uncompressed"
                + " (implicit/explicit VR little endian) or JPEG baseline (1.2.840.10008.1.2.4.50)");
    }
}
