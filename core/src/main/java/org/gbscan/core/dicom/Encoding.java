package org.gbscan.core.dicom;

import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;


/**
 * Transfer syntaxes gbscan knows. Native, RLE and lossless JPEG data are decoded by gbscan itself, lossy
 * JPEG by the JDK's reader; JPEG-LS and JPEG 2000 would need an ImageIO reader and are {@link #decodable()}
 * only where one is on the class path (none is shipped: they are refused at association negotiation). Only
 * the native ones and JPEG baseline are ever written.
 */
public enum Encoding {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, Codec.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", false, Codec.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", false, Codec.NATIVE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", true, Codec.IMAGE_IO),
    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1). */
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", false, Codec.LOSSLESS_JPEG),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", false, Codec.RLE),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", false, Codec.IMAGE_IO),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", false, Codec.IMAGE_IO),
    JPEG_2000("1.2.840.10008.1.2.4.91", true, Codec.IMAGE_IO);

    /** Who turns the Pixel Data into samples. */
    enum Codec { NATIVE, RLE, LOSSLESS_JPEG, IMAGE_IO }

    private final String uid;
    private final boolean lossy;
    private final Codec codec;

    Encoding(String uid, boolean lossy, Codec codec) {
        this.uid = uid;
        this.lossy = lossy;
        this.codec = codec;
    }

    public String uid() {
        return uid;
    }

    public boolean lossy() {
        return lossy;
    }

    Codec codec() {
        return codec;
    }

    /** Encapsulated Pixel Data (PS3.5 A.4): one fragment sequence, frames compressed one by one. */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** gbscan writes its own objects (SR, SC, phantom images) only in these. */
    public boolean writable() {
        return codec == Codec.NATIVE || this == JPEG_BASELINE;
    }

    /** Whether frames in this syntax can be decoded in this JVM: always for native and RLE, else if ImageIO has a reader. */
    public boolean decodable() {
        return switch (this) {
            case JPEG_BASELINE -> true; // the JDK's own JPEG reader
            case JPEG_LS_LOSSLESS -> ImageIO.getImageReadersByFormatName("jpeg-ls").hasNext();
            case JPEG_2000_LOSSLESS, JPEG_2000 -> ImageIO.getImageReadersByFormatName("jpeg2000").hasNext();
            default -> true;
        };
    }

    /** Every syntax decodable here, in gbscan's order of preference when a sender offers several. */
    public static List<Encoding> decodableHere() {
        return Arrays.stream(values()).filter(Encoding::decodable).toList();
    }

    public static Encoding ofUid(String uid) throws BadDicomException {
        for (Encoding e : values()) {
            if (e.uid.equals(uid) && e.decodable()) {
                return e;
            }
        }
        throw new BadDicomException("transfer syntax " + uid + " is not supported: send one of "
                + decodableHere().stream().map(e -> e.uid).toList());
    }
}
