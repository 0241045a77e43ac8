package org.gbscan.core.dicom.net;

/** C-STORE response statuses gbscan sends or receives (PS3.4 Annex B.2.3, PS3.7 Annex C). */
public enum StoreStatus {
    SUCCESS(0x0000),
    /** Refused: the SOP class of the command is not one we accept. */
    SOP_CLASS_NOT_SUPPORTED(0x0122),
    /** Refused: out of resources (disk full, fsync failed, instance too large). */
    OUT_OF_RESOURCES(0xA700),
    /** Error: the data set does not match the SOP class or instance of the command. */
    DATA_SET_DOES_NOT_MATCH_SOP_CLASS(0xA900),
    /** Error: cannot understand (not parseable DICOM, missing identity). */
    CANNOT_UNDERSTAND(0xC000);

    private final int code;

    StoreStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String hex() {
        return String.format("0x%04X", code);
    }
}
